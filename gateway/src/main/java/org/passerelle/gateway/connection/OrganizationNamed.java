package org.passerelle.gateway.connection;

/** A check of the configured account read the organization's name from HelloAsso. */
public record OrganizationNamed(String slug, String name) {
}
