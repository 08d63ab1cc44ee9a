package org.passerelle.gateway.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.passerelle.gateway.fulfilment.DeliveryStatus.DEAD;
import static org.passerelle.gateway.fulfilment.DeliveryStatus.DELIVERED;
import static org.passerelle.gateway.fulfilment.DeliveryStatus.PENDING;

import org.junit.jupiter.api.Test;

class DeliveryStatusTest {

    @Test
    void anAttemptEndsDeliveredDeadOrPendingForTheNextOne() {
        assertThat(PENDING.canMoveTo(DELIVERED)).isTrue();
        assertThat(PENDING.canMoveTo(DEAD)).isTrue();
        assertThat(PENDING.canMoveTo(PENDING)).isTrue();
    }

    @Test
    void aFinishedDeliveryOnlyGoesBackToPendingWhenSentAgain() {
        for (DeliveryStatus finished : new DeliveryStatus[] {DELIVERED, DEAD}) {
            assertThat(finished.canMoveTo(PENDING)).isTrue();
            assertThat(finished.canMoveTo(DELIVERED)).as("%s -> DELIVERED", finished).isFalse();
            assertThat(finished.canMoveTo(DEAD)).as("%s -> DEAD", finished).isFalse();
        }
    }

    @Test
    void aCompareAndSetNamingATransitionTheMachineRefusesIsACodingError() {
        assertThat(PENDING.from(DEAD, DELIVERED)).containsExactly("DEAD", "DELIVERED");
        assertThatThrownBy(() -> DELIVERED.from(DEAD)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DEAD -> DELIVERED");
    }
}
