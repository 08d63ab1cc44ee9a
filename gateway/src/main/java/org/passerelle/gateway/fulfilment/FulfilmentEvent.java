package org.passerelle.gateway.fulfilment;

import org.passerelle.gateway.order.Order;

/**
 * One thing to deliver: an outbox row ({@code fulfilmentId}, stable across retries, usable as an idempotency key),
 * the event (e.g. {@code order.paid}) and the order as it is now.
 */
public record FulfilmentEvent(long fulfilmentId, String event, int attempt, Order order) {

    public static final String ORDER_PAID = "order.paid";
    public static final String ORDER_EXPIRED = "order.expired";
}
