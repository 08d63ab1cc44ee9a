package org.passerelle.gateway.config;

/**
 * What the rest of the gateway needs to know about the HelloAsso side: the organization its orders belong to, and
 * whether this is the in-process emulator (no real money).
 */
public record HelloAssoSettings(String organization, boolean emulated, String apiDescription) {
}
