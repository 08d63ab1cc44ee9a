package org.passerelle.gateway.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.notification.InboxEntry.Status;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.refund.Refund;
import org.passerelle.gateway.refund.RefundService;
import org.passerelle.gateway.refund.RefundStatus;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * HelloAsso may deliver notifications late, and retry an old one after newer ones. Here the emulator keeps back every
 * notification of a payment's whole life (paid, refunded in part, refunded in full), then delivers them all at
 * once, newest first or oldest first: whatever the order, the gateway ends where HelloAsso is, telling host
 * applications each fact once, and nothing is counted twice or lost.
 */
class LateNotificationsIT extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    NotificationInbox inbox;
    @Autowired
    RefundService refunds;

    @AfterEach
    void deliverAgain() {
        emulator().control().releaseHeldNotifications(false);
    }

    private List<InboxEntry> entriesFor(String orderId) {
        return inbox.latest(1000).stream().filter(e -> orderId.equals(e.orderId())).toList();
    }

    private List<EventType> told(String orderId) {
        return outbox.forOrder(orderId).stream().map(e -> e.event()).toList();
    }

    /** The payment of the order's current checkout at HelloAsso. */
    private long helloAssoPayment(String orderId) {
        long intent = order(orderId).checkoutIntentId();
        long helloAssoOrder = ((Number) emulator().control().checkoutIntent(intent).get("orderId")).longValue();
        return emulator().control().paymentIds(helloAssoOrder).getFirst();
    }

    @ParameterizedTest(name = "newest first: {0}")
    @ValueSource(booleans = {true, false})
    void aPaymentRefundedInFullBeforeAnyNotificationArrivesEndsRefundedNotPending(boolean newestFirst) {
        emulator().control().holdNotifications(true);
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);
        // the payer pays and closes the tab; the association refunds in HelloAsso's back office; nothing reached us
        emulator().control().pay(order(placed.orderId()).checkoutIntentId());
        long payment = helloAssoPayment(placed.orderId());
        emulator().control().refundInBackOffice(payment, null);
        emulator().control().advanceClock(Duration.ofSeconds(11));
        assertThat(emulator().control().paymentState(payment)).isEqualTo("Refunded");
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);

        // paid, refunding, refunded: a Payment and an Order notification each (other orders' may be held as well)
        assertThat(emulator().control().releaseHeldNotifications(newestFirst)).isGreaterThanOrEqualTo(6);

        await().atMost(WAIT).until(() -> order(placed.orderId()).status() == OrderStatus.REFUNDED);
        await().atMost(WAIT).until(() -> entriesFor(placed.orderId()).size() == 6
                && entriesFor(placed.orderId()).stream().allMatch(e -> e.status() == Status.PROCESSED));
        assertThat(told(placed.orderId())).containsExactlyInAnyOrder(EventType.ORDER_PAID, EventType.ORDER_REFUNDED);
        assertThat(refunds.refunds(placed.orderId())).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RefundStatus.SUCCEEDED);
            assertThat(r.origin()).isEqualTo("HELLOASSO");
            assertThat(r.amount()).isEqualTo(4000);
        });
        assertThat(events(placed.orderId())).extracting(AuditEvent::action)
                .containsOnlyOnce("payment.verified").noneMatch(a -> a.startsWith("fraud."));
    }

    @ParameterizedTest(name = "newest first: {0}")
    @ValueSource(booleans = {true, false})
    void ourPartialRefundThenABackOfficeRefundOfTheRestDeliveredLateEndRefundedWithEachFactOnce(boolean newestFirst) {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "adhesion-2026");
        emulator().control().holdNotifications(true);
        // the payer comes back: the return page pays the order; every notification is kept back from here on
        payer.follow(payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242"));
        await().atMost(WAIT).until(() -> order(placed.orderId()).status() == OrderStatus.PAID);
        RefundService.Outcome ours = refunds.refund(placed.orderId(), null, 1000, "une séance annulée", ADMIN);
        assertThat(ours.allSucceeded()).isTrue();
        emulator().control().advanceClock(Duration.ofSeconds(11));
        emulator().control().refundInBackOffice(helloAssoPayment(placed.orderId()), null);
        emulator().control().advanceClock(Duration.ofSeconds(11));
        assertThat(emulator().control().paymentState(helloAssoPayment(placed.orderId()))).isEqualTo("Refunded");

        // paid, refunding, partly refunded, refunding, refunded: a Payment and an Order notification each
        int held = 10;
        assertThat(emulator().control().releaseHeldNotifications(newestFirst)).as("other orders' may be held as well")
                .isGreaterThanOrEqualTo(held);

        await().atMost(WAIT).until(() -> order(placed.orderId()).status() == OrderStatus.REFUNDED);
        await().atMost(WAIT).until(() -> entriesFor(placed.orderId()).size() == held
                && entriesFor(placed.orderId()).stream().allMatch(e -> e.status() == Status.PROCESSED));
        List<Refund> made = refunds.refunds(placed.orderId());
        assertThat(made).extracting(Refund::status).containsOnly(RefundStatus.SUCCEEDED);
        assertThat(made).extracting(Refund::origin).containsExactlyInAnyOrder("PASSERELLE", "HELLOASSO");
        assertThat(made).extracting(Refund::amount).containsExactlyInAnyOrder(1000, 1500);
        assertThat(told(placed.orderId())).containsExactlyInAnyOrder(EventType.ORDER_PAID,
                EventType.ORDER_PARTIALLY_REFUNDED, EventType.ORDER_REFUNDED);
        assertThat(events(placed.orderId())).extracting(AuditEvent::action)
                .containsOnlyOnce("payment.verified").noneMatch(a -> a.startsWith("fraud.") || a.equals("refund.failed"));
    }
}
