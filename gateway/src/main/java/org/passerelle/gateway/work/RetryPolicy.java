package org.passerelle.gateway.work;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a queued piece of work waits after each failed attempt: {@code waits.get(n - 1)} after attempt n. Once
 * they are used up (a failed attempt n greater than their number) the work is dead and waits for an administrator.
 */
public record RetryPolicy(List<Duration> waits) {

    /** What a failed attempt leads to: the next attempt after {@code delay}, or nothing more ({@code dead}). */
    public record Failure(boolean dead, Duration delay, OffsetDateTime next) {
    }

    public RetryPolicy {
        waits = List.copyOf(waits);
    }

    /** A configured schedule (webhooks, Moodle): as many retries as waits. */
    public static RetryPolicy schedule(List<Duration> waits) {
        return new RetryPolicy(waits);
    }

    /** {@code first}, doubling up to {@code cap} (none when null), dead once {@code maxAttempts} attempts failed. */
    public static RetryPolicy doubling(Duration first, Duration cap, int maxAttempts) {
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt < maxAttempts; attempt++) {
            Duration wait = first.multipliedBy(1L << Math.min(attempt - 1, 20));
            waits.add(cap != null && wait.compareTo(cap) > 0 ? cap : wait);
        }
        return new RetryPolicy(waits);
    }

    /** After the failed attempt number {@code attempts} (counted from 1). */
    public Failure after(int attempts, OffsetDateTime now) {
        boolean dead = attempts > waits.size();
        Duration wait = waits.isEmpty() ? Duration.ZERO : waits.get(Math.min(Math.max(attempts, 1), waits.size()) - 1);
        return new Failure(dead, wait, now.plus(wait));
    }
}
