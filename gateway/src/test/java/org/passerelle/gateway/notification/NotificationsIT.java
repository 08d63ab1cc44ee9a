package org.passerelle.gateway.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.notification.InboxEntry.Status;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.Notifications;
import org.springframework.beans.factory.annotation.Autowired;

/** HelloAsso's notifications through the real emulator, over HTTP: hints that the verifier turns into facts. */
class NotificationsIT extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    NotificationSecrets secrets;
    @Autowired
    NotificationInbox inbox;
    @Autowired
    NotificationService service;

    @AfterEach
    void normalNotifications() {
        emulator().control().dropNotifications(false).duplicateNotifications(1).reorderNotifications(false);
    }

    private URI url() {
        return URI.create(secrets.notificationUrl());
    }

    private List<InboxEntry> entriesFor(String orderId) {
        return inbox.latest(1000).stream().filter(e -> orderId.equals(e.orderId())).toList();
    }

    @Test
    void thePayerClosesTheTabAndTheNotificationPaysTheOrderOnce() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        // the payer pays, and never follows HelloAsso's redirect back
        payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242");

        await().atMost(WAIT).until(() -> order(placed.orderId()).status() == OrderStatus.PAID);
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.verified")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("(notification)"));
        await().atMost(WAIT).until(() -> deliveries(placed.orderId()) == 1);
        await().atMost(WAIT).until(() -> entriesFor(placed.orderId()).size() == 2);
        assertThat(entriesFor(placed.orderId())).extracting(InboxEntry::eventType)
                .containsExactlyInAnyOrder("Payment", "Order");
        assertThat(entriesFor(placed.orderId())).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(Status.PROCESSED);
            assertThat(e.header("x-ha-signature")).as("signed by the emulator").isNotBlank();
        });
        assertThat(counting.calls(placed.orderId())).isEqualTo(1);
    }

    @Test
    void notificationsDuplicatedThreeTimesAndReorderedMakeOnePaidAndOneFulfilment() {
        emulator().control().duplicateNotifications(3).reorderNotifications(true);
        Browser payer = browser();
        Placed placed = placeOrder(payer, "adhesion-2026");
        goToHelloAsso(payer, placed);
        emulator().control().pay(order(placed.orderId()).checkoutIntentId());

        await().atMost(WAIT).until(() -> entriesFor(placed.orderId()).size() == 2
                && entriesFor(placed.orderId()).stream().allMatch(e -> e.copies() == 3));
        await().atMost(WAIT).until(() -> deliveries(placed.orderId()) == 1);
        List<InboxEntry> entries = entriesFor(placed.orderId());
        assertThat(entries).extracting(InboxEntry::status).containsOnly(Status.PROCESSED);
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.verified")).hasSize(1);
        assertThat(outbox.forOrder(placed.orderId())).hasSize(1);
        assertThat(counting.calls(placed.orderId())).isEqualTo(1);
    }

    @Test
    void aNotificationWithABadSignatureIsKeptButNeverProcessed() {
        emulator().control().dropNotifications(true);
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);
        long intent = order(placed.orderId()).checkoutIntentId();
        long helloAssoOrder = emulator().control().pay(intent);   // really paid, but HelloAsso's notifications are lost

        String body = Notifications.paidOrder(helloAssoOrder, intent, placed.orderId(), 4000, emulator().organizationSlug());
        HttpResponse<String> forged = Notifications.post(url(), body, null, "0".repeat(64));
        HttpResponse<String> unsigned = Notifications.post(url(), body, null, null);

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(inbox.latest(5)).anySatisfy(e -> {
            assertThat(e.body()).isEqualTo(body);
            assertThat(e.status()).isEqualTo(Status.REJECTED);
        });
        service.sweep();
        assertThat(order(placed.orderId()).status()).as("only the signature gates processing here").isEqualTo(OrderStatus.PENDING);
        assertThat(deliveries(placed.orderId())).isZero();
    }

    @Test
    void aSignedNotificationForAPaymentPasserelleDidNotStartPaysNothing() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);

        // an intent id that is not this order's, with this order's id in the metadata
        String body = Notifications.paidOrder(777001, 99_999_001L, placed.orderId(), 4000, emulator().organizationSlug());
        assertThat(Notifications.post(url(), body, secrets.signatureKey(), null).statusCode()).isEqualTo(200);
        // an intent nobody knows, naming no order
        String stranger = Notifications.paidOrder(777002, 99_999_002L, "not-an-order", 4000, emulator().organizationSlug());
        assertThat(Notifications.post(url(), stranger, secrets.signatureKey(), null).statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> inbox.latest(10).stream().filter(e -> e.body().equals(body) || e.body().equals(stranger))
                .allMatch(e -> e.status() != Status.RECEIVED));
        assertThat(inbox.latest(10)).filteredOn(e -> e.body().equals(body)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).contains("MISMATCH"));
        assertThat(inbox.latest(10)).filteredOn(e -> e.body().equals(stranger)).singleElement()
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(Status.IGNORED);
                    assertThat(e.outcome()).contains("not created by Passerelle");
                });
        assertThat(events(placed.orderId())).extracting(e -> e.action()).contains("fraud.foreign_intent");
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);
        assertThat(deliveries(placed.orderId())).isZero();
    }

    @Test
    void aSignedNotificationClaimingAPaymentHelloAssoDoesNotShowPaysNothing() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);
        long intent = order(placed.orderId()).checkoutIntentId();

        // the right intent and order, a tampered amount, and no payment at all on HelloAsso's side
        String body = Notifications.paidOrder(777003, intent, placed.orderId(), 1, emulator().organizationSlug());
        assertThat(Notifications.post(url(), body, secrets.signatureKey(), null).statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> entriesFor(placed.orderId()).stream().anyMatch(e -> e.status() == Status.PROCESSED));
        assertThat(entriesFor(placed.orderId())).singleElement()
                .satisfies(e -> assertThat(e.outcome()).endsWith(": PENDING"));
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order(placed.orderId()).amount()).isEqualTo(4000);
        assertThat(deliveries(placed.orderId())).isZero();
    }

    @Test
    void malformedBodiesGetA400AndAreKeptForInspection() {
        String body = "{\"data\": {\"id\": 1}, \"this is\": \"not a notification\"}";
        HttpResponse<String> answer = Notifications.post(url(), body, secrets.signatureKey(), null);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("eventType");
        assertThat(inbox.latest(5)).anySatisfy(e -> {
            assertThat(e.body()).isEqualTo(body);
            assertThat(e.status()).isEqualTo(Status.MALFORMED);
        });
    }

    @Test
    void unknownEventTypesAreKeptAndIgnored() {
        String body = "{\"eventType\":\"Refund\",\"data\":{\"id\":12},\"metadata\":null}";
        assertThat(Notifications.post(url(), body, secrets.signatureKey(), null).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> inbox.latest(5).stream().anyMatch(e -> e.body().equals(body)
                && e.status() == Status.IGNORED));
        assertThat(inbox.latest(5)).filteredOn(e -> e.body().equals(body)).singleElement()
                .satisfies(e -> {
                    assertThat(e.eventType()).isEqualTo("Refund");
                    assertThat(e.outcome()).contains("unknown event type");
                });
    }

    @Test
    void anOrganizationSlugChangeWarnsTheAdmin() {
        String body = "{\"eventType\":\"Organization\",\"data\":{\"old_slug_organization\":\"passerelle-demo\","
                + "\"new_slug_organization\":\"passerelle-demo-2\"}}";
        assertThat(Notifications.post(url(), body, secrets.signatureKey(), null).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action ="
                + " 'notification.organization_slug_changed' AND message LIKE '%passerelle-demo-2%'").query(Integer.class).single() == 1);
    }

    @Test
    void aWrongKeyIsNotFound() {
        String body = "{\"eventType\":\"Form\",\"data\":{}}";
        URI wrong = URI.create(secrets.notificationUrl().replace(secrets.key(), "x".repeat(43)));
        assertThat(Notifications.post(wrong, body, secrets.signatureKey(), null).statusCode()).isEqualTo(404);
        assertThat(inbox.latest(20)).noneMatch(e -> e.body().equals(body));
    }

    @Test
    void anEntryLeftForLaterBecauseHelloAssoFailedIsProcessedAgainOnRequest() {
        emulator().control().dropNotifications(true);
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);
        long intent = order(placed.orderId()).checkoutIntentId();
        long helloAssoOrder = emulator().control().pay(intent);

        // HelloAsso answers 503 to the read-back (and to the client's two retries)
        emulator().control().failNext("checkoutIntents.get", 3, 503);
        String body = Notifications.paidOrder(helloAssoOrder, intent, placed.orderId(), 4000, emulator().organizationSlug());
        assertThat(Notifications.post(url(), body, secrets.signatureKey(), null).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> entriesFor(placed.orderId()).stream().anyMatch(e -> e.status() == Status.RETRY));
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);

        long id = entriesFor(placed.orderId()).getFirst().id();
        InboxEntry again = service.reprocess(id).orElseThrow();
        assertThat(again.status()).isEqualTo(Status.PROCESSED);
        assertThat(again.outcome()).endsWith(": PAID");
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);

        // processing it once more changes nothing
        assertThat(service.reprocess(id).orElseThrow().outcome()).endsWith(": ALREADY_PAID");
        await().atMost(WAIT).until(() -> deliveries(placed.orderId()) == 1);
        assertThat(outbox.forOrder(placed.orderId())).hasSize(1);
    }
}
