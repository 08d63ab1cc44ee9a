package org.passerelle.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.AtOnce;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.Notifications;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.emulator.DeliveredNotification;
import org.passerelle.helloasso.model.Order;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The four paths at the same moment on the same paid order — the payer's return, HelloAsso's notification, the
 * poller's listed order and the payer's "check now" — 200 times: exactly one PAID transition and one fulfilment each.
 */
class ConvergenceRaceIT extends GatewayTestSupport {

    private static final int ROUNDS = 200;

    @Autowired
    PaymentVerifier verifier;
    @Autowired
    HelloAssoClient client;
    @Autowired
    NotificationSecrets secrets;

    @AfterEach
    void notificationsBack() {
        emulator().control().dropNotifications(false);
    }

    @Test
    void returnNotificationPollerAndManualCheckTogetherFulfilEachOrderExactlyOnce() throws Exception {
        // HelloAsso's own notifications are held back, to be posted by the test at the chosen moment
        emulator().control().dropNotifications(true);
        List<String> orderIds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Browser payer = browser();
            Placed placed = placeOrder(payer, "atelier-initiation");
            URI returnUrl = payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242").next();
            long intent = order(placed.orderId()).checkoutIntentId();
            long helloAssoOrderId = ((Number) emulator().control().checkoutIntent(intent).get("orderId")).longValue();
            Order listed = client.orders().get(helloAssoOrderId);
            String notification = heldBackNotification(intent);
            orderIds.add(placed.orderId());

            List<Callable<String>> paths = List.of(
                    () -> "return " + payer.get(returnUrl).status(),
                    () -> "notification " + Notifications.post(URI.create(secrets.notificationUrl()), notification,
                            secrets.signatureKey(), null).statusCode(),
                    () -> "poller " + verifier.verifyListed(placed.orderId(), listed, VerificationSource.POLLER),
                    () -> "check " + browser().post("/orders/" + placed.orderId() + "/check-payment",
                            Map.of("t", placed.token())).status());
            for (String result : AtOnce.run(paths)) {
                assertThat(result).doesNotContain(" 5").doesNotContain("MISMATCH");
            }
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> orderIds.stream().allMatch(id -> deliveries(id) == 1));
        for (String id : orderIds) {
            assertThat(order(id).status()).isEqualTo(OrderStatus.PAID);
            assertThat(outbox.forOrder(id)).as("outbox rows of %s", id).hasSize(1);
            assertThat(events(id)).filteredOn(e -> e.action().equals("payment.verified")).as(id).hasSize(1);
            assertThat(counting.calls(id)).as("deliveries to the counting channel for %s", id).isEqualTo(1);
        }
    }

    /** The Order notification HelloAsso would have sent for this intent (recorded by the emulator as dropped). */
    private String heldBackNotification(long intent) {
        return emulator().control().deliveredNotifications().stream()
                .filter(n -> n.eventType().equals("Order") && n.body().contains("\"checkoutIntentId\":" + intent))
                .map(DeliveredNotification::body)
                .reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("no notification recorded for intent " + intent));
    }
}
