package org.passerelle.helloasso.model;

import java.util.Map;

/**
 * A checkout intent read back. {@code metadata} is null when none was sent; {@code order} stays null until the payment
 * is authorized. Check the order's payments, amount, organization and metadata before trusting it.
 */
public record CheckoutIntent(long id, String redirectUrl, Map<String, Object> metadata, Order order) {

    public CheckoutIntent {
        metadata = Lists.copyOrNull(metadata);
    }
}
