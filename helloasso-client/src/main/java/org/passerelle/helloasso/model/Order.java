package org.passerelle.helloasso.model;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An order with its payer, items and payments (HelloAsso {@code OrderDetail}). An order has no state of its own: look
 * at its payments. {@code checkoutIntentId} is null for orders that did not come from a checkout intent; the lists are
 * never null.
 */
public record Order(long id, OffsetDateTime date, String formSlug, FormType formType, String organizationName,
                    String organizationSlug, Long checkoutIntentId, Payer payer, List<OrderItem> items,
                    List<Payment> payments, OrderAmount amount, Meta meta) {

    public Order {
        items = Lists.copy(items);
        payments = Lists.copy(payments);
    }
}
