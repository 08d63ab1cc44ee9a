package org.passerelle.helloasso.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Injected faults: the next N calls of an operation fail, and latency added to every API call. */
final class Faults {

    /** A planned failure; {@code retryAfter} is set for 429s; {@code afterDoing}: the call is carried out first. */
    record Fault(int status, Duration retryAfter, boolean afterDoing) {
    }

    private static final class Planned {
        final Fault fault;
        int remaining;

        Planned(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    /** Operation name that matches every operation. */
    static final String ANY = "*";

    private final Map<String, Deque<Planned>> planned = new HashMap<>();
    private Duration minLatency = Duration.ZERO;
    private Duration maxLatency = Duration.ZERO;

    synchronized void failNext(String operation, int times, int status, Duration retryAfter) {
        failNext(operation, times, status, retryAfter, false);
    }

    synchronized void failNext(String operation, int times, int status, Duration retryAfter, boolean afterDoing) {
        if (!Operations.isKnown(operation) && !ANY.equals(operation)) {
            throw new IllegalArgumentException("unknown operation '" + operation + "'; known: " + Operations.ALL);
        }
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a fault status is between 400 and 599, got " + status);
        }
        planned.computeIfAbsent(operation, k -> new ArrayDeque<>()).addLast(new Planned(new Fault(status, retryAfter, afterDoing), times));
    }

    /** The fault for this call, if one is planned; consumes it. */
    synchronized Optional<Fault> take(String operation) {
        for (String key : new String[] {operation, ANY}) {
            Deque<Planned> queue = planned.get(key);
            if (queue != null && !queue.isEmpty()) {
                Planned p = queue.peekFirst();
                if (--p.remaining == 0) {
                    queue.removeFirst();
                }
                return Optional.of(p.fault);
            }
        }
        return Optional.empty();
    }

    synchronized void latency(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("latency needs 0 <= min <= max");
        }
        this.minLatency = min;
        this.maxLatency = max;
    }

    synchronized Duration nextLatency() {
        if (maxLatency.equals(minLatency)) {
            return minLatency;
        }
        long span = maxLatency.toNanos() - minLatency.toNanos();
        return minLatency.plusNanos(ThreadLocalRandom.current().nextLong(span + 1));
    }

    synchronized void clear() {
        planned.clear();
        minLatency = Duration.ZERO;
        maxLatency = Duration.ZERO;
    }
}
