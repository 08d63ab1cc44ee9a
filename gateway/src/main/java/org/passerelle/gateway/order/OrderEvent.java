package org.passerelle.gateway.order;

/**
 * A change host applications are told about, published inside the transaction that made it (the fulfilment outbox
 * listens and writes its row in that same transaction). {@code key} names the occurrence, '' for once-per-order events.
 */
public record OrderEvent(String orderId, EventType event, String key) {
}
