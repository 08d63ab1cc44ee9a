package org.passerelle.gateway.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of an order. {@link #allowedFrom()} is the single source of truth for its transitions: every status update
 * in {@link OrderRepository} is a compare-and-set on statuses taken from it (the database decides, never a
 * check-then-write). Orders mostly move forward, with two ways back: a payer retrying after a refusal or an expiry
 * (FAILED/EXPIRED to PENDING), and a refund that did not happen (REFUNDING back to PAID or PARTIALLY_REFUNDED).
 * Only the {@code payment} package marks an order PAID, FAILED or EXPIRED after a checkout (see PackageStructureTest).
 */
public enum OrderStatus {
    CREATED,
    PENDING,
    PAID,
    FAILED,
    EXPIRED,
    CANCELLED,
    /** A refund made by Passerelle is on its way to HelloAsso, or its outcome is not known yet. */
    REFUNDING,
    /** Part of what was paid went back to the payer. */
    PARTIALLY_REFUNDED,
    /** Everything paid went back to the payer, and no instalment is left to pay. */
    REFUNDED,
    /** The payer disputed a payment with their bank. */
    CONTESTED;

    /** Statuses from which an order may move to this one. */
    public Set<OrderStatus> allowedFrom() {
        return switch (this) {
            case CREATED -> EnumSet.noneOf(OrderStatus.class);
            // a new checkout: the first one, a retry after a refusal, or a payer coming back after expiry
            case PENDING -> EnumSet.of(CREATED, PENDING, FAILED, EXPIRED);
            // a verified payment wins over FAILED and EXPIRED: the money was taken (OrderRepository.markPaid);
            // and a refund in flight that did not happen, none before it, takes REFUNDING back (refundDidNotHappen)
            case PAID -> EnumSet.of(CREATED, PENDING, FAILED, EXPIRED, REFUNDING);
            case FAILED -> EnumSet.of(PENDING);
            case EXPIRED -> EnumSet.of(PENDING);
            case CANCELLED -> EnumSet.of(CREATED, PENDING, FAILED, EXPIRED);
            // once paid: refunds and disputes (a refund that failed takes REFUNDING back to PAID or PARTIALLY_REFUNDED)
            case REFUNDING -> EnumSet.of(PAID, PARTIALLY_REFUNDED);
            case PARTIALLY_REFUNDED -> EnumSet.of(PAID, REFUNDING, PARTIALLY_REFUNDED);
            case REFUNDED -> EnumSet.of(PAID, REFUNDING, PARTIALLY_REFUNDED);
            case CONTESTED -> EnumSet.of(PAID, REFUNDING, PARTIALLY_REFUNDED);
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
        return this == PAID || this == REFUNDING || this == PARTIALLY_REFUNDED || this == REFUNDED
                || this == CONTESTED;
    }

    /** Nothing more is expected to happen to the order. */
    public boolean isFinal() {
        return this == CANCELLED || this == REFUNDED || this == CONTESTED;
    }
}
