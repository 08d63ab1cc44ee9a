package org.passerelle.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.notification.InboxEntry;
import org.passerelle.gateway.notification.InboxEntry.Status;
import org.passerelle.gateway.notification.NotificationInbox;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.Notifications;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a paid order costs in HelloAsso API calls with HelloAsso's notifications on, as in production (issue 13): one
 * checkout creation and one read back, whatever arrives first (the payer's return, the Payment notification, the
 * Order notification); a notification that shows a change is read once, one that shows nothing new is not read.
 */
class HelloAssoCallsPerOrderIT extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String READ = "checkoutIntents.get";

    @Autowired
    NotificationInbox inbox;
    @Autowired
    NotificationSecrets secrets;

    @AfterEach
    void normalNotifications() {
        emulator().control().dropNotifications(false);
    }

    /**
     * The calls HelloAsso received about these orders: reads of their intents, of their HelloAsso orders or payments
     * (whatever else the shared gateway still does for earlier tests, e.g. a notification retried, is not theirs).
     */
    private long callsAbout(List<String> orderIds, String operation) {
        List<String> ids = new ArrayList<>();
        for (String orderId : orderIds) {
            var order = order(orderId);
            ids.add("/checkout-intents/" + order.checkoutIntentId());
            if (order.helloassoOrderId() != null) {
                ids.add("/orders/" + order.helloassoOrderId());
            }
            if (order.helloassoPaymentId() != null) {
                ids.add("/payments/" + order.helloassoPaymentId());
            }
        }
        return emulator().control().calls().stream()
                .filter(c -> operation == null || c.operation().equals(operation))
                .map(c -> c.path().split("\\?")[0])
                .filter(path -> ids.stream().anyMatch(id -> path.endsWith(id) || path.contains(id + "/")))
                .count();
    }

    private List<InboxEntry> entriesFor(String orderId) {
        return inbox.latest(2000).stream().filter(e -> orderId.equals(e.orderId())).toList();
    }

    /** Waits until HelloAsso's notifications for the order (at least {@code count}) have all been processed. */
    private void notificationsProcessed(String orderId, int count) {
        await().atMost(WAIT).until(() -> {
            List<InboxEntry> entries = entriesFor(orderId);
            return entries.size() >= count && entries.stream().noneMatch(e -> e.status() == Status.RECEIVED);
        });
    }

    private Placed paidThroughTheReturnPage(Browser payer) {
        Placed placed = placeOrder(payer, "atelier-initiation");
        Browser.Page back = payer.get(payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242").next());
        assertThat(back.status()).as(back.body()).isIn(200, 302, 303);
        return placed;
    }

    @Test
    void atMostTwoCallsPerPaidOrderOnThePayersPathWithNotificationsOn() {
        int count = 20;
        paidThroughTheReturnPage(browser());   // the token, and whatever earlier tests left, before counting
        await().atMost(WAIT).until(() -> inbox.latest(50).stream().noneMatch(e -> e.status() == Status.RECEIVED));
        emulator().control().resetCalls();

        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            placed.add(paidThroughTheReturnPage(browser()));
        }
        for (Placed order : placed) {
            assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.PAID);
            notificationsProcessed(order.orderId(), 2);
        }

        var control = emulator().control();
        List<String> ids = placed.stream().map(Placed::orderId).toList();
        long creates = control.callCount("checkoutIntents.create");   // only /pay creates intents
        long tokens = control.callCount("token");
        double perOrder = (double) (creates + tokens + callsAbout(ids, null)) / count;
        assertThat(creates).isEqualTo(count);
        assertThat(callsAbout(ids, READ)).as("one read back per order").isEqualTo(count);
        assertThat(perOrder).as("HelloAsso calls per paid order: %s", control.calls()).isLessThanOrEqualTo(2.00);
        assertThat(placed).allSatisfy(order -> assertThat(entriesFor(order.orderId()))
                .extracting(InboxEntry::eventType).containsExactlyInAnyOrder("Payment", "Order"));
    }

    @Test
    void thePaymentAndOrderNotificationsOfAPaymentCostOneReadTogether() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        URI hosted = goToHelloAsso(payer, placed);
        payOnHelloAsso(payer, hosted, "4242424242424242");   // the payer closes the tab: only the notifications tell

        await().atMost(WAIT).until(() -> order(placed.orderId()).status() == OrderStatus.PAID);
        notificationsProcessed(placed.orderId(), 2);
        assertThat(callsAbout(List.of(placed.orderId()), READ)).isEqualTo(1);
    }

    @Test
    void aNotificationShowingAChangeIsReadOnceAndOneShowingNothingNewIsNotRead() {
        Placed placed = paidThroughTheReturnPage(browser());
        notificationsProcessed(placed.orderId(), 2);
        var paid = order(placed.orderId());
        List<String> ids = List.of(placed.orderId());
        long reads = callsAbout(ids, READ);

        // a refund made in HelloAsso's back office: a Payment and an Order notification, one read between them
        emulator().control().refundInBackOffice(paid.helloassoPaymentId(), null);
        await().atMost(WAIT).until(() -> order(placed.orderId()).status() == OrderStatus.REFUNDED);
        notificationsProcessed(placed.orderId(), 4);
        assertThat(callsAbout(ids, READ) - reads).as("one read for the refund").isEqualTo(1);

        // the latest notification again (a copy HelloAsso sends later): nothing new, nothing read
        String latest = entriesFor(placed.orderId()).stream().filter(e -> e.eventType().equals("Payment"))
                .max(java.util.Comparator.comparingLong(InboxEntry::id)).orElseThrow().body();
        reads = callsAbout(ids, READ);
        assertThat(post(latest + " ")).isEqualTo(200);
        notificationsProcessed(placed.orderId(), 5);
        assertThat(callsAbout(ids, READ) - reads).as("nothing new").isZero();

        // a signed notification claiming what HelloAsso does not show (another amount): read, and it changes nothing
        String claimed = Notifications.paidOrder(paid.helloassoOrderId(), paid.checkoutIntentId(), placed.orderId(), 1,
                emulator().organizationSlug());
        assertThat(post(claimed)).isEqualTo(200);
        notificationsProcessed(placed.orderId(), 6);
        assertThat(callsAbout(ids, READ) - reads).as("a claim not verified yet is read").isEqualTo(1);
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(order(placed.orderId()).amount()).isEqualTo(paid.amount());
    }

    private int post(String body) {
        return Notifications.post(URI.create(secrets.notificationUrl()), body, secrets.signatureKey(), null).statusCode();
    }
}
