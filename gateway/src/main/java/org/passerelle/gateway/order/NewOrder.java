package org.passerelle.gateway.order;

/** What is needed to create an order; the status starts at CREATED. */
public record NewOrder(
        String offerId,
        String itemName,
        int amount,
        boolean containsDonation,
        Order.Payer payer,
        String reference,
        String metadata,
        String organizationSlug) {
}
