package org.passerelle.gateway.organization;

import java.time.OffsetDateTime;

/**
 * One HelloAsso organization known to this Passerelle: the configured one, or one linked through partner mode.
 *
 * @param name HelloAsso's name for it, null until known
 * @param environment the HelloAsso it belongs to: {@code sandbox}, {@code production}, a base URL, or {@code emulator}
 */
public record Organization(String slug, String name, String environment, Connection connection, String linkedBy,
                           OffsetDateTime linkedAt, OffsetDateTime notificationUrlSetAt, OffsetDateTime createdAt) {

    /** How Passerelle reaches the organization's HelloAsso account. */
    public enum Connection {
        /** The single API client of passerelle.helloasso.client-id (or the emulator's): orders, offers… use it. */
        CONFIGURED,
        /** Linked through HelloAsso's partner mode: the partner acts for it with a token kept per organization. */
        PARTNER,
        /**
         * Was linked, unlinked from the console by a super-admin: its tokens are gone, its offers take no payment,
         * its orders and history stay. Linking it again makes it PARTNER again.
         */
        UNLINKED
    }

    /** Linked in partner mode, and not unlinked since. */
    public boolean linked() {
        return connection == Connection.PARTNER;
    }

    /** HelloAsso's name for it is known. */
    public boolean named() {
        return name != null && !name.isBlank();
    }

    public String displayName() {
        return named() ? name : slug;
    }
}
