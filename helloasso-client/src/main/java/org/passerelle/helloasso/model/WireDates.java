package org.passerelle.helloasso.model;

/** How calendar days are written where HelloAsso's spec wants a {@code date-time}. */
final class WireDates {

    /**
     * Midnight UTC of the day ({@code 2026-04-01T00:00:00Z}), an RFC 3339 date-time as the spec's {@code format:
     * date-time} requires. It names the same calendar day read in UTC or in Paris time (always ahead of UTC), which
     * is what HelloAsso keeps of term dates and dates of birth. HelloAsso's own PHP sample sends a bare
     * {@code 2026-04-01}, which the spec does not allow.
     */
    static final String MIDNIGHT_UTC = "yyyy-MM-dd'T'00:00:00'Z'";

    private WireDates() {
    }
}
