package org.passerelle.gateway.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * How much one client address may do in a window (fixed windows on the injected clock). An IPv6 address counts by its
 * /64, which one subscriber usually holds whole. Kept in each instance's memory, in a bounded map: under a flood of
 * addresses some counts are forgotten early, which only lets a few more requests through.
 */
@Component
public class AddressLimits {

    /** What is counted, with its allowance per window. */
    public enum Kind {
        PAYER_ACTION, ORDER, AUDIT_FAILURE
    }

    private record Window(Instant start, int count) {
    }

    private final Cache<String, Window> windows = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterAccess(Duration.ofHours(1)).build();
    private final Clock clock;
    private final LimitProperties limits;

    public AddressLimits(Clock clock, LimitProperties limits) {
        this.clock = clock;
        this.limits = limits;
    }

    /** Counts one more of {@code kind} for this address; false when its allowance for the window is spent. */
    public boolean tryAcquire(Kind kind, String ip) {
        return take(kind.name() + "|" + addressKey(ip), allowance(kind), window(kind));
    }

    /** The same, for a key that is not an address (e.g. every anonymous failure together). */
    public boolean tryAcquire(String key, int allowance, Duration window) {
        return take(key, allowance, window);
    }

    private boolean take(String key, int allowance, Duration window) {
        Instant now = clock.instant();
        AtomicBoolean allowed = new AtomicBoolean();
        windows.asMap().compute(key, (k, seen) -> {
            if (seen == null || !now.isBefore(seen.start().plus(window)) || now.isBefore(seen.start())) {
                allowed.set(true);
                return new Window(now, 1);
            }
            allowed.set(seen.count() < allowance);
            return allowed.get() ? new Window(seen.start(), seen.count() + 1) : seen;
        });
        return allowed.get();
    }

    private int allowance(Kind kind) {
        return switch (kind) {
            case PAYER_ACTION -> limits.payerActionsPerAddress();
            case ORDER -> limits.ordersPerAddress();
            case AUDIT_FAILURE -> limits.auditFailuresPerAddress();
        };
    }

    private Duration window(Kind kind) {
        return kind == Kind.AUDIT_FAILURE ? limits.auditWindow() : limits.window();
    }

    /** An IPv4 address as it is; an IPv6 address by its /64 prefix. */
    static String addressKey(String ip) {
        if (ip == null || ip.indexOf(':') < 0) {
            return ip == null ? "" : ip;
        }
        String literal = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        if (!literal.matches("[0-9A-Fa-f:.]{2,45}")) {
            return ip; // not an address literal: never let it become a DNS lookup
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length != 16) {
                return ip;
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (Exception notAnAddress) {
            return ip;
        }
    }
}
