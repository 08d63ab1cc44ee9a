package org.passerelle.gateway.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing down: after {@code freeAttempts} failures for one user name from one address, each further
 * attempt must wait (1 s, 2 s, 4 s… up to {@code maxDelay}) after the previous failure, and an attempt made too early
 * is refused without even checking the password. A success clears the count. Kept in memory, per instance.
 */
public class LoginThrottle {

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int freeAttempts;
    private final Duration maxDelay;

    public LoginThrottle(Clock clock, int freeAttempts, Duration maxDelay) {
        this.clock = clock;
        this.freeAttempts = freeAttempts;
        this.maxDelay = maxDelay;
    }

    /** How long this user name from this address must still wait before trying again (zero: it may try now). */
    public Duration waitBefore(String username, String ip) {
        Failures seen = failures.get(key(username, ip));
        if (seen == null || seen.count() < freeAttempts) {
            return Duration.ZERO;
        }
        Instant allowed = seen.last().plus(delay(seen.count()));
        Duration left = Duration.between(clock.instant(), allowed);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public void failed(String username, String ip) {
        Instant now = clock.instant();
        failures.compute(key(username, ip), (k, seen) -> {
            // a long quiet period forgets old failures
            if (seen == null || Duration.between(seen.last(), now).compareTo(maxDelay.multipliedBy(2)) > 0) {
                return new Failures(1, now);
            }
            return new Failures(seen.count() + 1, now);
        });
        if (failures.size() > 100_000) {
            failures.clear(); // bounded memory under a flood of names: forgetting only makes guessing slower to slow
        }
    }

    public void succeeded(String username, String ip) {
        failures.remove(key(username, ip));
    }

    Duration delay(int count) {
        Duration delay = Duration.ofSeconds(1L << Math.min(count - freeAttempts, 20));
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private static String key(String username, String ip) {
        return (username == null ? "" : username.trim().toLowerCase(Locale.ROOT)) + "|" + ip;
    }
}
