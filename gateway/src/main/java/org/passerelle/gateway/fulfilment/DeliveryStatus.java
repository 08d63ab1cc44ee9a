package org.passerelle.gateway.fulfilment;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where one queued delivery stands: a fulfilment outbox row ({@code fulfilments}) or a webhook delivery
 * ({@code webhook_deliveries}). {@link #allowedFrom()} is the machine; every status update of those tables is a
 * compare-and-set on statuses taken from it through {@link #from}.
 */
public enum DeliveryStatus {
    /** Waiting for its next attempt (or being attempted by whoever claimed it). */
    PENDING,
    /** The destination acknowledged it. */
    DELIVERED,
    /** The retry schedule is used up: waits for an administrator. */
    DEAD;

    /** Statuses from which a delivery may move to this one. */
    public Set<DeliveryStatus> allowedFrom() {
        return switch (this) {
            // a failed attempt waits for the next one; an administrator sends a finished one again
            case PENDING -> EnumSet.of(PENDING, DELIVERED, DEAD);
            case DELIVERED, DEAD -> EnumSet.of(PENDING);
        };
    }

    public boolean canMoveTo(DeliveryStatus target) {
        return target.allowedFrom().contains(this);
    }

    /**
     * The names of {@code sources}, for a compare-and-set moving a row to this status; each one must be allowed by
     * the machine (a coding error otherwise, caught when the class using it loads).
     */
    public List<String> from(DeliveryStatus... sources) {
        for (DeliveryStatus source : sources) {
            if (!source.canMoveTo(this)) {
                throw new IllegalStateException(source + " -> " + this + " is not a delivery transition");
            }
        }
        return Arrays.stream(sources).map(Enum::name).toList();
    }
}
