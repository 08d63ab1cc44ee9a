package org.passerelle.gateway.refund;

import java.time.OffsetDateTime;

/**
 * One refund of one HelloAsso payment, in cents. {@code origin} PASSERELLE (asked here) or HELLOASSO (made in
 * HelloAsso's back office, seen afterwards); {@code message} says what happened when it did not succeed.
 */
public record Refund(String id, String orderId, long paymentId, int amount, RefundStatus status, String origin,
        String reason, String actor, Long helloassoRefundId, String message, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final String PASSERELLE = "PASSERELLE";
    public static final String HELLOASSO = "HELLOASSO";
}
