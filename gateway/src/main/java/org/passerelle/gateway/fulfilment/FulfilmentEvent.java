package org.passerelle.gateway.fulfilment;

import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.Order;

/**
 * One thing to deliver: an outbox row ({@code fulfilmentId}, stable across retries, usable as an idempotency key),
 * the event (e.g. {@code order.paid}), its key when the event can happen more than once per order (the instalment
 * number, the refund id; empty otherwise) and the order as it is now.
 */
public record FulfilmentEvent(long fulfilmentId, EventType event, String key, int attempt, Order order) {
}
