package org.passerelle.gateway.fulfilment;

import org.passerelle.gateway.order.Order;

/**
 * One thing to deliver: an outbox row ({@code fulfilmentId}, stable across retries, usable as an idempotency key),
 * the event (e.g. {@code order.paid}), its key when the event can happen more than once per order (the instalment
 * number, the refund id; empty otherwise) and the order as it is now.
 */
public record FulfilmentEvent(long fulfilmentId, String event, String key, int attempt, Order order) {

    public static final String ORDER_PAID = "order.paid";
    public static final String ORDER_FAILED = "order.failed";
    public static final String ORDER_EXPIRED = "order.expired";
    public static final String ORDER_CANCELLED = "order.cancelled";
    public static final String INSTALMENT_PAID = "instalment.paid";
    public static final String INSTALMENT_FAILED = "instalment.failed";
    public static final String ORDER_REFUNDED = "order.refunded";
    public static final String ORDER_PARTIALLY_REFUNDED = "order.partially_refunded";
    public static final String ORDER_CONTESTED = "order.contested";
    public static final String INSTALMENTS_CANCELLED = "instalments.cancelled";
}
