package org.passerelle.gateway.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.passerelle.gateway.order.OrderStatus.CANCELLED;
import static org.passerelle.gateway.order.OrderStatus.CREATED;
import static org.passerelle.gateway.order.OrderStatus.EXPIRED;
import static org.passerelle.gateway.order.OrderStatus.FAILED;
import static org.passerelle.gateway.order.OrderStatus.PAID;
import static org.passerelle.gateway.order.OrderStatus.PENDING;

import org.junit.jupiter.api.Test;

class OrderStatusTest {

    @Test
    void theHappyPathGoesForward() {
        assertThat(CREATED.canMoveTo(PENDING)).isTrue();
        assertThat(PENDING.canMoveTo(PAID)).isTrue();
    }

    @Test
    void aVerifiedPaymentWinsOverFailedAndExpired() {
        assertThat(FAILED.canMoveTo(PAID)).isTrue();
        assertThat(EXPIRED.canMoveTo(PAID)).isTrue();
    }

    @Test
    void cancelledRefundedAndContestedAreTerminal() {
        for (OrderStatus target : OrderStatus.values()) {
            assertThat(CANCELLED.canMoveTo(target)).as("CANCELLED -> %s", target).isFalse();
            assertThat(OrderStatus.REFUNDED.canMoveTo(target)).as("REFUNDED -> %s", target).isFalse();
            assertThat(OrderStatus.CONTESTED.canMoveTo(target)).as("CONTESTED -> %s", target).isFalse();
        }
    }

    @Test
    void aPaidOrderOnlyMovesThroughRefundsAndDisputes() {
        for (OrderStatus target : OrderStatus.values()) {
            boolean afterPayment = target == OrderStatus.REFUNDING || target == OrderStatus.PARTIALLY_REFUNDED
                    || target == OrderStatus.REFUNDED || target == OrderStatus.CONTESTED;
            assertThat(PAID.canMoveTo(target)).as("PAID -> %s", target).isEqualTo(afterPayment);
        }
    }

    @Test
    void refundsAndDisputesHappenOnlyToPaidOrdersAndKeepThemPaid() {
        for (OrderStatus status : OrderStatus.values()) {
            boolean refundStatus = status.ordinal() >= OrderStatus.REFUNDING.ordinal();
            assertThat(status.hasBeenPaid()).as(status.name()).isEqualTo(status == PAID || refundStatus);
            if (refundStatus) {
                assertThat(status.allowedFrom()).as(status.name()).allSatisfy(from -> assertThat(from.hasBeenPaid()).isTrue());
            }
        }
    }

    @Test
    void aRetryAfterARefusalReturnsToPending() {
        assertThat(FAILED.canMoveTo(PENDING)).isTrue();
        assertThat(EXPIRED.canMoveTo(PENDING)).isTrue();
    }

    @Test
    void nothingGoesBackToCreatedAndOnlyPendingFailsOrExpires() {
        for (OrderStatus from : OrderStatus.values()) {
            assertThat(from.canMoveTo(CREATED)).isFalse();
            assertThat(from.canMoveTo(FAILED)).isEqualTo(from == PENDING);
            assertThat(from.canMoveTo(EXPIRED)).isEqualTo(from == PENDING);
        }
    }

    @Test
    void payableStatusesAreThoseThatCanStillReachPaid() {
        for (OrderStatus status : OrderStatus.values()) {
            assertThat(status.isPayable()).as(status.name()).isEqualTo(status.canMoveTo(PAID));
        }
    }
}
