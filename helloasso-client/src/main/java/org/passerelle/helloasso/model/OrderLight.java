package org.passerelle.helloasso.model;

import java.time.OffsetDateTime;

/** The order a payment belongs to, without payer, items and payments. {@code checkoutIntentId} is null outside checkouts. */
public record OrderLight(long id, OffsetDateTime date, String formSlug, FormType formType, String organizationName,
                         String organizationSlug, Long checkoutIntentId, Meta meta) {
}
