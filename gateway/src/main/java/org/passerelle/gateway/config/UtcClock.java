package org.passerelle.gateway.config;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;

/**
 * The application's time, read from its one {@link Clock} (tests move that clock): instants in UTC to the
 * microsecond, the precision PostgreSQL and H2 keep, so a time written and read back compares equal to itself.
 */
@Component
public final class UtcClock {

    private final Clock clock;

    public UtcClock(Clock clock) {
        this.clock = clock;
    }

    public OffsetDateTime now() {
        return OffsetDateTime.ofInstant(instant(), ZoneOffset.UTC);
    }

    public Instant instant() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Today's date where it is read (a payer's, the association's). */
    public LocalDate today(ZoneId zone) {
        return LocalDate.ofInstant(clock.instant(), zone);
    }
}
