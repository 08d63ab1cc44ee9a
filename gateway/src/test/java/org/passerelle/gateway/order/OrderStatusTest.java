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
    void payableStatusesAreThoseBeforeAPaymentThatCanReachPaid() {
        for (OrderStatus status : OrderStatus.values()) {
            assertThat(status.isPayable()).as(status.name())
                    .isEqualTo(status.canMoveTo(PAID) && !status.hasBeenPaid());
        }
    }

    @Test
    void aRefundThatDidNotHappenTakesRefundingBack() {
        assertThat(OrderStatus.REFUNDING.canMoveTo(PAID)).isTrue();
        assertThat(OrderStatus.REFUNDING.canMoveTo(OrderStatus.PARTIALLY_REFUNDED)).isTrue();
        assertThat(OrderStatus.PARTIALLY_REFUNDED.canMoveTo(PAID)).as("a refund that happened stays").isFalse();
        assertThat(PAID.allowedFrom()).filteredOn(OrderStatus::hasBeenPaid).containsExactly(OrderStatus.REFUNDING);
    }

    @Test
    void theWholeMachine() {
        // every edge, so that a change to allowedFrom() is a decision made here too
        java.util.Map<OrderStatus, java.util.Set<OrderStatus>> to = new java.util.EnumMap<>(OrderStatus.class);
        for (OrderStatus from : OrderStatus.values()) {
            to.put(from, java.util.EnumSet.noneOf(OrderStatus.class));
            for (OrderStatus target : OrderStatus.values()) {
                if (from.canMoveTo(target)) {
                    to.get(from).add(target);
                }
            }
        }
        assertThat(to).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                CREATED, java.util.EnumSet.of(PENDING, PAID, CANCELLED),
                PENDING, java.util.EnumSet.of(PENDING, PAID, FAILED, EXPIRED, CANCELLED),
                FAILED, java.util.EnumSet.of(PENDING, PAID, CANCELLED),
                EXPIRED, java.util.EnumSet.of(PENDING, PAID, CANCELLED),
                PAID, java.util.EnumSet.of(OrderStatus.REFUNDING, OrderStatus.PARTIALLY_REFUNDED,
                        OrderStatus.REFUNDED, OrderStatus.CONTESTED),
                OrderStatus.REFUNDING, java.util.EnumSet.of(PAID, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED,
                        OrderStatus.CONTESTED),
                OrderStatus.PARTIALLY_REFUNDED, java.util.EnumSet.of(OrderStatus.REFUNDING,
                        OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED, OrderStatus.CONTESTED),
                OrderStatus.REFUNDED, java.util.EnumSet.noneOf(OrderStatus.class),
                OrderStatus.CONTESTED, java.util.EnumSet.noneOf(OrderStatus.class),
                CANCELLED, java.util.EnumSet.noneOf(OrderStatus.class)));
    }
}
