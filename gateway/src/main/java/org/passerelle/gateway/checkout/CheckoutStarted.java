package org.passerelle.gateway.checkout;

import java.time.OffsetDateTime;

/** Published once a new checkout intent is stored and its order is PENDING (after commit). */
public record CheckoutStarted(String orderId, long intentId, OffsetDateTime at) {
}
