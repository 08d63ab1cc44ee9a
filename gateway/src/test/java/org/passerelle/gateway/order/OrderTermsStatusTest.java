package org.passerelle.gateway.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.passerelle.gateway.order.OrderTerms.Status;

class OrderTermsStatusTest {

    @Test
    void aScheduledTermIsPaidRefusedOrCancelledAndARefusedOneCanStillBePaid() {
        assertThat(Status.PAID.allowedFrom()).containsExactlyInAnyOrder(Status.SCHEDULED, Status.FAILED);
        assertThat(Status.FAILED.allowedFrom()).containsExactly(Status.SCHEDULED);
        assertThat(Status.CANCELLED.allowedFrom()).containsExactly(Status.SCHEDULED);
        assertThat(Status.SCHEDULED.allowedFrom()).as("nothing goes back to scheduled").isEmpty();
    }

    @Test
    void paidAndCancelledTermsAreFinal() {
        for (Status target : Status.values()) {
            assertThat(target.allowedFrom()).doesNotContain(Status.PAID, Status.CANCELLED);
        }
    }

    @Test
    void aTransitionTheMachineRefusesIsACodingError() {
        OrderTerms terms = new OrderTerms(null); // refused before any SQL
        assertThatThrownBy(() -> terms.transition("order", 2, Status.PAID, Status.FAILED, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
