package org.passerelle.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.TestHost;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Signed webhooks to real local HTTP hosts: signatures, retries with the same id, dead letters, redelivery. */
class WebhooksIT extends GatewayTestSupport {

    @Autowired
    WebhookEndpoints endpoints;
    @Autowired
    WebhookDeliveries deliveries;
    @Autowired
    WebhookSender sender;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    PaymentVerifier verifier;

    private final List<String> added = new ArrayList<>();
    private final List<TestHost> hosts = new ArrayList<>();

    @AfterEach
    void removeEndpoints() {
        added.forEach(id -> endpoints.remove(id, "test"));
        hosts.forEach(TestHost::close);
    }

    private TestHost host() {
        TestHost host = new TestHost();
        hosts.add(host);
        return host;
    }

    private WebhookEndpoints.CreatedEndpoint subscribe(TestHost host, Set<String> events) {
        WebhookEndpoints.CreatedEndpoint endpoint = endpoints.add(host.url("/hooks/passerelle"), events, null, "test");
        added.add(endpoint.id());
        return endpoint;
    }

    private ApiClient api() {
        return new ApiClient(port, apiKeys.create("webhooks " + UUID.randomUUID(), "test").secret());
    }

    private static String create(ApiClient api) {
        return api.post("/api/v1/orders", ApiClient.order("wh-" + UUID.randomUUID(), 2500)).body().get("id").asString();
    }

    /** The Standard Webhooks signature computed here, independently of the gateway's code. */
    private static String expectedSignature(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPaidOrderReachesTheHostSignedWithItsApiRepresentation() throws Exception {
        TestHost host = host();
        WebhookEndpoints.CreatedEndpoint endpoint = subscribe(host, Set.of("order.paid"));
        assertThat(endpoint.secret()).startsWith("whsec_");
        assertThat(endpoints.list()).anySatisfy(e -> assertThat(e.id()).isEqualTo(endpoint.id()));

        ApiClient api = api();
        JsonNode created = api.post("/api/v1/orders", ApiClient.order("paid-" + UUID.randomUUID(), 3100)).body();
        String orderId = created.get("id").asString();
        assertThat(browser().get(URI.create(created.get("checkoutUrl").asString())).status()).isEqualTo(303);
        long intent = order(orderId).checkoutIntentId();
        emulator().control().pay(intent);
        verifier.verify(orderId, intent, VerificationSource.POLLER, null);

        await().atMost(Duration.ofSeconds(10)).until(() -> !host.received(orderId).isEmpty());
        TestHost.Received hook = host.received(orderId).getFirst();
        assertThat(hook.header("content-type")).startsWith("application/json");
        assertThat(hook.header("webhook-id")).isEqualTo("msg_" + orderId + "_order.paid");
        assertThat(Long.parseLong(hook.header("webhook-timestamp"))).isCloseTo(clock.instant().getEpochSecond(),
                org.assertj.core.data.Offset.offset(30L));
        assertThat(hook.header("webhook-signature")).isEqualTo(
                expectedSignature(endpoint.secret(), hook.header("webhook-id"), hook.header("webhook-timestamp"), hook.body()));
        assertThat(new WebhookVerifier(endpoint.secret(), clock).verify(hook.header("webhook-id"),
                hook.header("webhook-timestamp"), hook.header("webhook-signature"), hook.body())).isTrue();
        assertThat(new WebhookVerifier(endpoint.secret(), clock).verify(hook.header("webhook-id"),
                hook.header("webhook-timestamp"), hook.header("webhook-signature"), hook.body().replace("3100", "3101")))
                .isFalse();

        JsonNode body = ApiClient.JSON.readTree(hook.body());
        assertThat(body.get("type").asString()).isEqualTo("order.paid");
        assertThat(body.get("timestamp").asString()).isNotBlank();
        JsonNode data = body.get("data");
        assertThat(data.get("id").asString()).isEqualTo(orderId);
        assertThat(data.get("status").asString()).isEqualTo("PAID");
        assertThat(data.get("amount").asInt()).isEqualTo(3100);
        assertThat(data.get("reference")).isEqualTo(created.get("reference"));
        assertThat(data.get("metadata")).isEqualTo(created.get("metadata"));
        assertThat(data.get("checkoutUrl")).isEqualTo(created.get("checkoutUrl"));
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.forOrder(orderId).getFirst().status().equals("DELIVERED"));
        WebhookDeliveries.Delivery delivery = deliveries.forOrder(orderId).getFirst();
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.lastHttpStatus()).isEqualTo(204);

        // the event filter: a cancellation is not sent to an endpoint that only wants order.paid
        String cancelled = create(api);
        api.post("/api/v1/orders/" + cancelled + "/cancel", "");
        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.forOrder(cancelled).getFirst().status().equals("DELIVERED"));
        assertThat(deliveries.forOrder(cancelled)).isEmpty();
    }

    @Test
    void aHostDownForAWhileGetsEachEventLaterWithTheSameIdWhileOthersAreNotHeldUp() {
        TestHost down = host().status(503);
        TestHost slow = host().answer((path, body) -> new TestHost.Reply(200, "", Duration.ofSeconds(5)));
        TestHost healthy = host();
        subscribe(down, Set.of());
        subscribe(slow, Set.of());
        subscribe(healthy, Set.of());
        ApiClient api = api();
        String first = create(api);
        String second = create(api);
        api.post("/api/v1/orders/" + first + "/cancel", "");
        api.post("/api/v1/orders/" + second + "/cancel", "");

        // the healthy host is told at once, whatever the others do
        await().atMost(Duration.ofSeconds(10)).until(() -> healthy.received(first).size() == 1
                && healthy.received(second).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> down.received(first).size() == 1 && down.received(second).size() == 1);
        // both orders' first attempts over before the clock moves (one ending after it would wait another minute)
        await().atMost(Duration.ofSeconds(10)).until(() -> java.util.stream.Stream.of(first, second)
                .flatMap(id -> deliveries.forOrder(id).stream())
                .filter(d -> d.endpointUrl().equals(slow.url("/hooks/passerelle"))).allMatch(d -> d.lastError() != null));
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.forOrder(first).stream()
                .filter(d -> d.endpointUrl().equals(down.url("/hooks/passerelle"))).allMatch(d -> d.lastHttpStatus() != null));
        WebhookDeliveries.Delivery pending = deliveries.forOrder(first).stream()
                .filter(d -> d.endpointUrl().equals(down.url("/hooks/passerelle"))).findFirst().orElseThrow();
        assertThat(pending.status()).isEqualTo("PENDING");
        assertThat(pending.lastHttpStatus()).isEqualTo(503);
        assertThat(pending.nextAttemptAt()).isAfter(clock.instant().atOffset(java.time.ZoneOffset.UTC).plusSeconds(50));
        assertThat(deliveries.forOrder(first).stream().filter(d -> d.endpointUrl().equals(slow.url("/hooks/passerelle")))
                .findFirst().orElseThrow().lastError()).contains("no answer within 2 s");

        // one minute later: still down
        clock.advance(Duration.ofSeconds(61));
        sender.sweep();
        await().atMost(Duration.ofSeconds(10)).until(() -> down.received(first).size() == 2);
        // (the slow host takes its 2 s per delivery, one at a time: on a busy machine this takes a while)
        await().atMost(Duration.ofSeconds(30)).until(() -> java.util.stream.Stream.of(first, second)
                .flatMap(id -> deliveries.forOrder(id).stream())
                .filter(d -> !d.endpointUrl().equals(healthy.url("/hooks/passerelle")))
                .allMatch(d -> d.attempts() == 2 && d.nextAttemptAt().toInstant().isAfter(clock.instant())));
        // back up: the next attempt, five minutes later, goes through
        down.status(200);
        slow.status(200);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        sender.sweep();
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.forOrder(first).stream()
                .allMatch(d -> d.status().equals("DELIVERED"))
                && deliveries.forOrder(second).stream().allMatch(d -> d.status().equals("DELIVERED")));

        for (String orderId : List.of(first, second)) {
            List<TestHost.Received> attempts = down.received(orderId);
            assertThat(attempts).hasSize(3);
            assertThat(attempts).extracting(r -> r.header("webhook-id")).containsOnly("msg_" + orderId + "_order.cancelled");
            assertThat(attempts).extracting(TestHost.Received::body).containsOnly(attempts.getFirst().body());
            assertThat(healthy.received(orderId)).hasSize(1);
            assertThat(healthy.received(orderId).getFirst().header("webhook-id")).isEqualTo("msg_" + orderId + "_order.cancelled");
        }
        assertThat(down.received(first).getFirst().header("webhook-id"))
                .isNotEqualTo(down.received(second).getFirst().header("webhook-id"));
    }

    @Test
    void anEndpointCreatedForAnApiKeyHearsOnlyOfThatKeysOrdersAndAConfigurationWideOneOfAll() {
        ApiKeys.CreatedKey mine = apiKeys.create("mine " + UUID.randomUUID(), "test");
        ApiKeys.CreatedKey theirs = apiKeys.create("theirs " + UUID.randomUUID(), "test");
        TestHost host = host();
        TestHost everything = host();
        added.add(endpoints.add(host.url("/hooks/mine"), Set.of("order.cancelled"), mine.id(), "test").id());
        subscribe(everything, Set.of("order.cancelled"));
        ApiClient myApi = new ApiClient(port, mine.secret());
        ApiClient theirApi = new ApiClient(port, theirs.secret());
        String myOrder = create(myApi);
        String theirOrder = create(theirApi);
        myApi.post("/api/v1/orders/" + myOrder + "/cancel", "");
        theirApi.post("/api/v1/orders/" + theirOrder + "/cancel", "");

        await().atMost(Duration.ofSeconds(10)).until(() -> everything.received(myOrder).size() == 1
                && everything.received(theirOrder).size() == 1 && host.received(myOrder).size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.forOrder(theirOrder).getFirst().status().equals("DELIVERED"));
        assertThat(host.received(theirOrder)).as("another key's order is never told to this key's endpoint").isEmpty();
        assertThat(deliveries.forOrder(theirOrder)).extracting(d -> d.endpointUrl())
                .containsExactly(everything.url("/hooks/passerelle"));
    }

    @Test
    void aHostFailingForeverEndsDeadAndIsRedeliveredOnDemand() {
        TestHost failing = host().status(500);
        subscribe(failing, Set.of("order.cancelled"));
        ApiClient api = api();
        String orderId = create(api);
        api.post("/api/v1/orders/" + orderId + "/cancel", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> failing.received(orderId).size() == 1);

        // 1 min, 5 min, 30 min, 2 h, 12 h, then daily for three days: nine attempts in all
        List<Duration> waits = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(12), Duration.ofHours(24), Duration.ofHours(24), Duration.ofHours(24));
        for (int i = 0; i < waits.size(); i++) {
            int expected = i + 2;
            // the failure is recorded once the next attempt is planned in the future
            await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.forOrder(orderId).getFirst().attempts() == expected - 1
                    && deliveries.forOrder(orderId).getFirst().nextAttemptAt().toInstant().isAfter(clock.instant()));
            clock.advance(waits.get(i).minusSeconds(5));
            sender.sweep();
            assertThat(failing.received(orderId)).as("not before its time").hasSize(expected - 1);
            clock.advance(Duration.ofSeconds(6));
            sender.sweep();
            await().atMost(Duration.ofSeconds(10)).until(() -> failing.received(orderId).size() == expected);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.forOrder(orderId).getFirst().status().equals("DEAD"));
        WebhookDeliveries.Delivery dead = deliveries.forOrder(orderId).getFirst();
        assertThat(dead.attempts()).isEqualTo(9);
        assertThat(dead.lastHttpStatus()).isEqualTo(500);
        assertThat(deliveries.count("DEAD")).isGreaterThanOrEqualTo(1);
        assertThat(deliveries.list("DEAD", 0, 100)).extracting(WebhookDeliveries.Delivery::id).contains(dead.id());
        clock.advance(Duration.ofDays(2));
        sender.sweep();
        assertThat(failing.received(orderId)).as("a dead delivery is not sent again by itself").hasSize(9);
        assertThat(events(orderId)).anySatisfy(e -> assertThat(e.action()).isEqualTo("webhook.dead"));

        failing.status(200);
        assertThat(deliveries.redeliver(dead.id(), "admin")).isTrue();
        sender.sweep();
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.forOrder(orderId).getFirst().status().equals("DELIVERED"));
        assertThat(failing.received(orderId)).hasSize(10);
        assertThat(failing.received(orderId)).extracting(r -> r.header("webhook-id")).containsOnly(dead.webhookId());
    }
}
