package org.passerelle.gateway.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of an order. Transitions only go forward; the sets below are the single source of truth, used by the
 * compare-and-set updates in {@link OrderRepository} (the database decides, never a check-then-write).
 */
public enum OrderStatus {
    CREATED,
    PENDING,
    PAID,
    FAILED,
    EXPIRED,
    CANCELLED;

    /** Statuses from which an order may move to this one. */
    public Set<OrderStatus> allowedFrom() {
        return switch (this) {
            case CREATED -> EnumSet.noneOf(OrderStatus.class);
            // a new checkout: the first one, a retry after a refusal, or a payer coming back after expiry
            case PENDING -> EnumSet.of(CREATED, PENDING, FAILED, EXPIRED);
            // a verified payment wins over FAILED and EXPIRED: the money was taken
            case PAID -> EnumSet.of(CREATED, PENDING, FAILED, EXPIRED);
            case FAILED -> EnumSet.of(PENDING);
            case EXPIRED -> EnumSet.of(PENDING);
            case CANCELLED -> EnumSet.of(CREATED, PENDING, FAILED, EXPIRED);
        };
    }

    public boolean canMoveTo(OrderStatus target) {
        return target.allowedFrom().contains(this);
    }

    /** The payer can (still) start a checkout. */
    public boolean isPayable() {
        return this == CREATED || this == PENDING || this == FAILED || this == EXPIRED;
    }

    /** The payment was verified: what HelloAsso shows later (terms, refunds, disputes) is news about this order. */
    public boolean hasBeenPaid() {
        return this == PAID;
    }

    public boolean isFinal() {
        return this == PAID || this == CANCELLED;
    }
}
