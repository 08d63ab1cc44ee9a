package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

class NotificationTest {

    record Received(String query, String signature, String body) {
        JsonNode json() {
            return Api.JSON.readTree(body);
        }
    }

    static HelloAssoEmulator emulator;
    HttpServer receiver;
    String receiverUrl;
    final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many next requests the receiver answers with 503. */
    final AtomicInteger failures = new AtomicInteger();
    Api api;

    @BeforeAll
    static void start() {
        emulator = HelloAssoEmulator.start(EmulatorConfig.builder().notificationRetryBackoff(Duration.ofMillis(50)).build());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void startReceiver() throws IOException {
        emulator.control().reset();
        api = new Api(emulator);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                received.add(new Received(exchange.getRequestURI().getQuery(), exchange.getRequestHeaders().getFirst("x-ha-signature"), body));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?secret=abc";
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    String registerThroughPartnerApi() {
        Api.Reply reply = api.put("/v5/partners/me/api-notifications", "{\"url\":\"" + receiverUrl + "\"}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("url").asString()).isEqualTo(receiverUrl);
        String key = reply.json().get("signatureKey").asString();
        assertThat(key).matches("[A-Za-z0-9]{64}");
        return key;
    }

    long payNewIntent() {
        long intentId = api.createIntent(Api.checkoutBody(1800)).get("id").asLong();
        emulator.control().pay(intentId);
        return intentId;
    }

    @Test
    void aPaymentSendsAPaymentAndAnOrderNotificationSignedWithTheUrlsKey() throws Exception {
        String key = registerThroughPartnerApi();

        long intentId = payNewIntent();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> received.size() == 2);
        Received payment = received.get(0);
        Received order = received.get(1);
        assertThat(payment.json().get("eventType").asString()).isEqualTo("Payment");
        assertThat(payment.json().get("data").get("state").asString()).isEqualTo("Authorized");
        assertThat(payment.json().get("data").get("order").get("formName").asString()).isEqualTo("Checkout");
        assertThat(payment.json().get("metadata").get("reference").asString()).isEqualTo("ORDER-42");
        assertThat(order.json().get("eventType").asString()).isEqualTo("Order");
        assertThat(order.json().get("data").get("checkoutIntentId").asLong()).isEqualTo(intentId);
        for (Received r : received) {
            assertThat(r.signature()).isEqualTo(hmac(key, r.body()));
        }
        assertThat(api.get("/v5/partners/me").json().get("urlNotificationList").get(0).get("url").asString()).isEqualTo(receiverUrl);
    }

    @Test
    void aUrlSetByConfigurationWithoutKeyIsNotSignedAndAPerTypeUrlOnlyGetsItsType() {
        emulator.control().setNotificationUrl(receiverUrl, null);
        String orderOnly = receiverUrl + "&only=order";
        assertThat(api.put("/v5/partners/me/api-notifications/organizations/passerelle-demo",
                "{\"url\":\"" + orderOnly + "\",\"notificationType\":\"Order\"}").json().get("apiNotificationType").asString())
                .isEqualTo("Order");

        payNewIntent();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> received.size() == 3);
        assertThat(received).filteredOn(r -> !r.query().contains("only=order")).hasSize(2)
                .allSatisfy(r -> assertThat(r.signature()).as("no key, no signature").isNull());
        assertThat(received).filteredOn(r -> r.query().contains("only=order")).singleElement()
                .satisfies(r -> assertThat(r.signature()).as("partner API URLs are signed").isNotNull());
        assertThat(emulator.control().deliveredNotifications())
                .filteredOn(d -> d.url().equals(orderOnly)).extracting(DeliveredNotification::eventType).containsExactly("Order");
    }

    @Test
    void aFailingReceiverIsRetriedUntilItAccepts() {
        registerThroughPartnerApi();
        failures.set(2);

        payNewIntent();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() ->
                emulator.control().deliveredNotifications().stream().filter(DeliveredNotification::succeeded).count() == 2);
        assertThat(received).hasSize(2);
        List<DeliveredNotification> deliveries = emulator.control().deliveredNotifications();
        assertThat(deliveries).filteredOn(d -> d.status() == 503).hasSize(2);
        assertThat(deliveries).filteredOn(DeliveredNotification::succeeded).hasSize(2);
        assertThat(deliveries).extracting(DeliveredNotification::attempt).contains(2);
    }

    @Test
    void duplicationSendsEachNotificationSeveralTimes() {
        registerThroughPartnerApi();
        emulator.control().duplicateNotifications(2);

        payNewIntent();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> received.size() == 4);
        assertThat(received).extracting(r -> r.json().get("eventType").asString())
                .containsExactlyInAnyOrder("Payment", "Payment", "Order", "Order");
    }

    @Test
    void droppedNotificationsAreRecordedButNeverPosted() {
        registerThroughPartnerApi();
        emulator.control().dropNotifications(true);

        payNewIntent();

        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.control().deliveredNotifications().size() == 2);
        assertThat(emulator.control().deliveredNotifications()).allMatch(DeliveredNotification::dropped);
        assertThat(received).isEmpty();
    }

    @Test
    void reorderingSendsTheOrderNotificationFirst() {
        registerThroughPartnerApi();
        emulator.control().reorderNotifications(true);

        payNewIntent();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> received.size() == 2);
        assertThat(received.get(0).json().get("eventType").asString()).isEqualTo("Order");
    }

    @Test
    void refundsAndDeletingTheUrlAreNotified() {
        registerThroughPartnerApi();
        long intentId = payNewIntent();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> received.size() == 2);
        long paymentId = emulator.control().paymentIds(((Number) emulator.control().checkoutIntent(intentId).get("orderId")).longValue()).getFirst();

        api.post("/v5/payments/" + paymentId + "/refund", null);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> received.size() == 4);
        assertThat(received.get(2).json().get("data").get("state").asString()).isEqualTo("Refunding");

        assertThat(api.delete("/v5/partners/me/api-notifications").status()).isEqualTo(200);
        emulator.control().advanceClock(Duration.ofMinutes(1));
        assertThat(api.get("/v5/partners/me").json().get("urlNotificationList")).isEmpty();
        assertThat(received).hasSize(4);
    }

    @Test
    void aRetryCanArriveAfterNewerNotificationsAsHelloAssoMayDeliverThem() {
        registerThroughPartnerApi();
        failures.set(1); // the first Payment notification fails once and is retried after a backoff

        payNewIntent();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> received.size() == 2);
        assertThat(received).extracting(r -> r.json().get("eventType").asString()).containsExactly("Order", "Payment");
    }

    @Test
    void heldNotificationsAreDeliveredLateNewestFirst() {
        registerThroughPartnerApi();
        emulator.control().holdNotifications(true);
        long intentId = payNewIntent();
        long orderId = ((Number) emulator.control().checkoutIntent(intentId).get("orderId")).longValue();
        api.post("/v5/payments/" + emulator.control().paymentIds(orderId).getFirst() + "/refund", null);
        assertThat(emulator.control().heldNotifications()).isEqualTo(4);
        assertThat(received).isEmpty();

        assertThat(emulator.control().releaseHeldNotifications(true)).isEqualTo(4);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> received.size() == 4);
        assertThat(received).extracting(r -> r.json().get("eventType").asString() + " " + r.json().at("/data/state").asString(""))
                .containsExactly("Order ", "Payment Refunding", "Order ", "Payment Authorized");
    }

    @Test
    void formAndOrganizationNotificationsReachTheUrlsOfTheirType() {
        emulator.control().setNotificationUrl(receiverUrl, null);
        api.put("/v5/partners/me/api-notifications/organizations/passerelle-demo",
                "{\"url\":\"" + receiverUrl + "&only=form\",\"notificationType\":\"Form\"}");

        emulator.control().notifyForm("passerelle-demo", "Event", "gala-2026", "Gala 2026");
        emulator.control().notifyOrganizationSlugChanged("passerelle-demo", "passerelle-demo-2");

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> received.size() == 3);
        JsonNode form = received.stream().filter(r -> r.query().contains("only=form")).findFirst().orElseThrow().json();
        assertThat(form.get("eventType").asString()).isEqualTo("Form");
        assertThat(form.at("/data/formSlug").asString()).isEqualTo("gala-2026");
        assertThat(form.at("/data/formType").asString()).isEqualTo("Event");
        assertThat(form.at("/data/organizationSlug").asString()).isEqualTo("passerelle-demo");
        JsonNode slug = received.stream().filter(r -> r.json().get("eventType").asString().equals("Organization"))
                .findFirst().orElseThrow().json();
        assertThat(slug.at("/data/old_slug_organization").asString()).isEqualTo("passerelle-demo");
        assertThat(slug.at("/data/new_slug_organization").asString()).isEqualTo("passerelle-demo-2");
    }

    @Test
    void eachScopeHoldsFiveUrlsTheMainOneAndOnePerTypeAndAPutReplacesItsOwnSlotOnly() {
        for (String type : new String[] {null, "Payment", "Order", "Form", "Organization"}) {
            String body = type == null ? "{\"url\":\"" + receiverUrl + "&slot=main\"}"
                    : "{\"url\":\"" + receiverUrl + "&slot=" + type + "\",\"notificationType\":\"" + type + "\"}";
            assertThat(api.put("/v5/partners/me/api-notifications", body).status()).isEqualTo(200);
            assertThat(api.put("/v5/partners/me/api-notifications/organizations/passerelle-demo", body).status()).isEqualTo(200);
        }
        String firstKey = api.get("/v5/partners/me").json().get("urlNotificationList").findValuesAsString("signatureKey").getFirst();
        api.put("/v5/partners/me/api-notifications", "{\"url\":\"" + receiverUrl + "&slot=main2\"}");

        JsonNode global = api.get("/v5/partners/me").json().get("urlNotificationList");
        assertThat(global).hasSize(5);
        assertThat(global.findValuesAsString("url")).contains(receiverUrl + "&slot=main2").doesNotContain(receiverUrl + "&slot=main");
        assertThat(global.findValuesAsString("signatureKey")).as("a replaced URL keeps its slot's key").contains(firstKey);

        payNewIntent();

        // Payment and Order each reach: the global main URL, the global URL of their type, and the same two for the organization
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> received.size() == 8);
        assertThat(received).extracting(Received::query).filteredOn(q -> q.contains("slot=Payment")).hasSize(2);
        assertThat(received).extracting(Received::query).filteredOn(q -> q.contains("slot=Form")).isEmpty();
    }

    private static String hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
