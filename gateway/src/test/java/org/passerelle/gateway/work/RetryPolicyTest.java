package org.passerelle.gateway.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 3, 12, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void aScheduleWaitsEachStepThenGivesUp() {
        RetryPolicy policy = RetryPolicy.schedule(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)));
        assertThat(policy.after(1, NOW)).isEqualTo(new RetryPolicy.Failure(false, Duration.ofMinutes(1), NOW.plusMinutes(1)));
        assertThat(policy.after(2, NOW)).isEqualTo(new RetryPolicy.Failure(false, Duration.ofMinutes(5), NOW.plusMinutes(5)));
        assertThat(policy.after(3, NOW).dead()).isTrue();
    }

    @Test
    void doublingIsCappedAndDeadAfterTheLastAttempt() {
        RetryPolicy policy = RetryPolicy.doubling(Duration.ofSeconds(30), Duration.ofHours(6), 20);
        assertThat(policy.after(1, NOW).delay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.after(2, NOW).delay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.after(5, NOW).delay()).isEqualTo(Duration.ofMinutes(8));
        assertThat(policy.after(19, NOW).delay()).isEqualTo(Duration.ofHours(6));
        assertThat(policy.after(19, NOW).dead()).isFalse();
        assertThat(policy.after(20, NOW).dead()).as("the 20th attempt was the last").isTrue();
    }

    @Test
    void doublingWithoutCapAndASingleAttempt() {
        assertThat(RetryPolicy.doubling(Duration.ofSeconds(30), null, 10).after(9, NOW).delay())
                .isEqualTo(Duration.ofSeconds(30 * 256));
        assertThat(RetryPolicy.doubling(Duration.ofSeconds(30), null, 1).after(1, NOW).dead()).isTrue();
    }
}
