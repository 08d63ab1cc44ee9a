package org.passerelle.gateway.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Slows password guessing down, counted twice: per user name (from any address: a guesser spread over many
 * addresses is slowed down all the same) and per address (whatever the user names it tries). Past the free attempts
 * of either, each further attempt must wait (1 s, 2 s, 4 s… up to {@code maxDelay}) after the previous failure, and an
 * attempt made too early is refused without checking the password. The user name is taken exactly as Spring
 * Security authenticates it ({@link #canonical}): {@code " Admin "} and {@code "admin"} are one account, so one
 * count. A success clears both counts. Kept in memory, per instance, in a bounded map: a flood of names can only
 * make some counts be forgotten early.
 */
public class LoginThrottle {

    private record Failures(int count, Instant last) {
    }

    private final Cache<String, Failures> failures;
    private final Clock clock;
    private final int freePerUser;
    private final int freePerAddress;
    private final Duration maxDelay;

    public LoginThrottle(Clock clock, int freePerUser, int freePerAddress, Duration maxDelay) {
        this.clock = clock;
        this.freePerUser = freePerUser;
        this.freePerAddress = freePerAddress;
        this.maxDelay = maxDelay;
        // a long quiet period forgets old failures (the clock of expiry is the JVM's, the delays use the injected one)
        this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(maxDelay.multipliedBy(2).plusMinutes(1))
                .build();
    }

    /**
     * The user name an authentication with {@code name} checks: the login form trims what was typed, and user names
     * are looked up in lower case, so this is the one identity the attempt is about.
     */
    public static String canonical(String name) {
        return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    }

    /** How long this user name, or this address, must still wait before trying again (zero: it may try now). */
    public Duration waitBefore(String username, String ip) {
        Duration user = waitFor(userKey(username), freePerUser);
        Duration address = waitFor(addressKey(ip), freePerAddress);
        return user.compareTo(address) >= 0 ? user : address;
    }

    public void failed(String username, String ip) {
        count(userKey(username));
        count(addressKey(ip));
    }

    public void succeeded(String username, String ip) {
        failures.invalidate(userKey(username));
        failures.invalidate(addressKey(ip));
    }

    Duration delay(int count, int free) {
        Duration delay = Duration.ofSeconds(1L << Math.min(Math.max(count - free, 0), 20));
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private Duration waitFor(String key, int free) {
        Failures seen = failures.getIfPresent(key);
        if (seen == null || seen.count() < free) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), seen.last().plus(delay(seen.count(), free)));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void count(String key) {
        Instant now = clock.instant();
        failures.asMap().compute(key, (k, seen) -> {
            if (seen == null || Duration.between(seen.last(), now).compareTo(maxDelay.multipliedBy(2)) > 0) {
                return new Failures(1, now);
            }
            return new Failures(seen.count() + 1, now);
        });
    }

    private static String userKey(String username) {
        return "user:" + canonical(username);
    }

    private static String addressKey(String ip) {
        return "address:" + (ip == null ? "" : ip);
    }
}
