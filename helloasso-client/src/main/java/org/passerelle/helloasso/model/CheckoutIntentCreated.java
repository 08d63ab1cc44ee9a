package org.passerelle.helloasso.model;

/** Answer to a checkout intent creation: send the payer to {@code redirectUrl} (valid about 15 minutes). */
public record CheckoutIntentCreated(long id, String redirectUrl) {
}
