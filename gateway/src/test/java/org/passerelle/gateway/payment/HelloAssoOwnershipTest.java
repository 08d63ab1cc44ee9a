package org.passerelle.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.HelloAssoOwnership.Mismatch;

class HelloAssoOwnershipTest {

    private static final String ORG = "our-association";

    @Test
    void ourOrderPaidThroughItsIntentIsOurs() {
        assertThat(HelloAssoOwnership.check(ORG, order(ORG, 12L, 900L), 12, seen(900, ORG, 12L))).isNull();
        assertThat(HelloAssoOwnership.afterPayment(ORG, order(ORG, 12L, 900L), seen(900, ORG, 12L))).isNull();
    }

    @Test
    void anotherOrganizationsOrderIsNot() {
        assertThat(HelloAssoOwnership.check(ORG, order(ORG, 12L, 900L), 12, seen(900, "other", 12L)))
                .isEqualTo(Mismatch.ORGANIZATION);
        assertThat(HelloAssoOwnership.check(ORG, order("other", 12L, 900L), 12, seen(900, ORG, 12L)))
                .as("an order made for another organization").isEqualTo(Mismatch.ORGANIZATION);
        assertThat(HelloAssoOwnership.check(null, order(ORG, 12L, 900L), 12, seen(900, ORG, 12L)))
                .isEqualTo(Mismatch.ORGANIZATION);
    }

    @Test
    void anOrderPaidThroughAnotherIntentIsNot() {
        assertThat(HelloAssoOwnership.check(ORG, order(ORG, 12L, 900L), 12, seen(900, ORG, 13L)))
                .isEqualTo(Mismatch.INTENT);
        assertThat(HelloAssoOwnership.check(ORG, order(ORG, 12L, 900L), 12, seen(900, ORG, null)))
                .as("an order that did not come from a checkout").isEqualTo(Mismatch.INTENT);
    }

    @Test
    void afterPaymentOnlyTheHelloAssoOrderItWasPaidWithIs() {
        assertThat(HelloAssoOwnership.afterPayment(ORG, order(ORG, 12L, 900L), seen(901, ORG, 12L)))
                .isEqualTo(Mismatch.ORDER);
        assertThat(HelloAssoOwnership.afterPayment(ORG, order(ORG, 12L, null), seen(900, ORG, 12L)))
                .as("never paid").isEqualTo(Mismatch.ORDER);
        assertThat(HelloAssoOwnership.afterPayment(ORG, order(ORG, 12L, 900L), seen(900, ORG, 13L)))
                .isEqualTo(Mismatch.INTENT);
    }

    private static org.passerelle.helloasso.model.Order seen(long id, String organization, Long intent) {
        return new org.passerelle.helloasso.model.Order(id, OffsetDateTime.now(), "form", null, "Association",
                organization, intent, null, List.of(), List.of(), null, null);
    }

    private static Order order(String organization, Long intent, Long helloassoOrderId) {
        OffsetDateTime now = OffsetDateTime.now();
        return new Order("order-1", OrderStatus.PAID, "offer", "Adhésion", 1000, 1000, false, null, null, null,
                organization, "hash", intent, helloassoOrderId, null, null, now, now, now, null, null, false, 1, null);
    }
}
