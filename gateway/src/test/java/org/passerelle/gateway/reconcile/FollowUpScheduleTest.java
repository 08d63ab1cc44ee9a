package org.passerelle.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When each follow-up of a checkout is due: +1, +5, +15, +45 minutes, then daily while a payment is pending. */
class FollowUpScheduleTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    private final FollowUps followUps = new FollowUps(null, new ReconcileProperties(Duration.ofMinutes(5),
            Duration.ofHours(24), Duration.ofMinutes(45),
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(45)),
            100, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofDays(30)), null, null, null, null, null);

    @Test
    void theConfiguredStepsComeFirstCountedFromTheCheckout() {
        assertThat(followUps.due(0, START)).contains(START.plus(Duration.ofMinutes(1)));
        assertThat(followUps.due(1, START)).contains(START.plus(Duration.ofMinutes(5)));
        assertThat(followUps.due(2, START)).contains(START.plus(Duration.ofMinutes(15)));
        assertThat(followUps.due(3, START)).contains(START.plus(Duration.ofMinutes(45)));
    }

    @Test
    void thenDailyAfterTheLastStepForThirtyDaysThenNothing() {
        Instant last = START.plus(Duration.ofMinutes(45));
        assertThat(followUps.due(4, START)).contains(last.plus(Duration.ofDays(1)));
        assertThat(followUps.due(5, START)).contains(last.plus(Duration.ofDays(2)));
        assertThat(followUps.due(3 + FollowUps.MAX_DAILY, START)).contains(last.plus(Duration.ofDays(FollowUps.MAX_DAILY)));
        assertThat(followUps.due(4 + FollowUps.MAX_DAILY, START)).isEmpty();
    }

    @Test
    void withNoConfiguredStepsOnlyTheDailyChecksRemain() {
        FollowUps daily = new FollowUps(null, new ReconcileProperties(Duration.ofMinutes(5), Duration.ofHours(24),
                Duration.ofMinutes(45), List.of(), 100, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofDays(30)),
                null, null, null, null, null);
        assertThat(daily.due(0, START)).contains(START.plus(Duration.ofDays(1)));
    }
}
