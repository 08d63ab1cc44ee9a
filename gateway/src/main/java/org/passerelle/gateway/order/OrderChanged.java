package org.passerelle.gateway.order;

/**
 * An order's status changed in this instance (published by {@link OrderRepository}, heard after the transaction
 * commits): the order pages it serves are told at once instead of at their next database poll.
 */
public record OrderChanged(String orderId) {
}
