package org.passerelle.gateway.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.ApiClient.Response;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.TestHost;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.passerelle.helloasso.emulator.EmulatorControl;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Refunds through the REST API (idempotency, problem+json) and the refund events host applications receive. */
class RefundApiIT extends GatewayTestSupport {

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    PaymentVerifier verifier;
    @Autowired
    WebhookEndpoints endpoints;
    @Autowired
    RefundLedger ledger;

    private final List<String> subscribed = new java.util.ArrayList<>();
    private TestHost host;

    @AfterEach
    void cleanUp() {
        emulator().control().clearFaults().mfaRequiredForRefunds(false);
        subscribed.forEach(id -> endpoints.remove(id, "test"));
        if (host != null) {
            host.close();
        }
    }

    private EmulatorControl control() {
        return emulator().control();
    }

    private ApiClient api() {
        return new ApiClient(port, apiKeys.create("refunds " + UUID.randomUUID(), "test").secret());
    }

    /** An API order of {@code amount} cents, paid on the emulator and verified. */
    private String paidOrder(ApiClient api, int amount) {
        JsonNode created = api.post("/api/v1/orders", ApiClient.order("refund-" + UUID.randomUUID(), amount)).body();
        String orderId = created.get("id").asString();
        assertThat(browser().get(URI.create(created.get("checkoutUrl").asString())).status()).isEqualTo(303);
        long intent = order(orderId).checkoutIntentId();
        control().pay(intent);
        verifier.verify(orderId, intent, VerificationSource.POLLER, null);
        return orderId;
    }

    private static String path(String orderId) {
        return "/api/v1/orders/" + orderId + "/refunds";
    }

    @Test
    void aPartialRefundWithAnIdempotencyKeyIsMadeOnceAndReplayed() {
        ApiClient api = api();
        String orderId = paidOrder(api, 5000);
        long calls = control().callCount("payments.refund");
        ApiClient keyed = api.header("Idempotency-Key", "refund-" + orderId);

        Response first = keyed.post(path(orderId), Map.of("amount", 1500, "reason", "Séance annulée"));
        Response again = keyed.post(path(orderId), Map.of("amount", 1500, "reason", "Séance annulée"));

        assertThat(first.status()).as(first.raw().body()).isEqualTo(201);
        assertThat(first.body().get("order").get("status").asString()).isEqualTo("PARTIALLY_REFUNDED");
        JsonNode refund = first.body().get("refunds").get(0);
        assertThat(refund.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(refund.get("amount").asInt()).isEqualTo(1500);
        assertThat(refund.get("reason").asString()).isEqualTo("Séance annulée");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body().get("refunds").get(0).get("id").asString()).isEqualTo(refund.get("id").asString());
        assertThat(control().callCount("payments.refund")).isEqualTo(calls + 1);
        assertThat(ledger.forOrder(orderId)).hasSize(1);

        Response listed = api.get(path(orderId));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().get("refunds")).hasSize(1);
        Response other = keyed.post(path(orderId), Map.of("amount", 1000));
        assertThat(other.status()).as("same key, another body").isEqualTo(409);
        assertThat(other.body().get("code").asString()).isEqualTo("idempotency_mismatch");
    }

    @Test
    void refusalsAreProblemsThatSayWhyAndRefundNothing() {
        ApiClient api = api();
        String orderId = paidOrder(api, 5000);

        Response tooMuch = api.post(path(orderId), Map.of("amount", 5001));
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.contentType()).startsWith("application/problem+json");
        assertThat(tooMuch.body().get("code").asString()).isEqualTo("refund_too_much");
        assertThat(tooMuch.body().get("detail").asString()).contains("5000");

        Response zero = api.post(path(orderId), Map.of("amount", 0));
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body().get("errors").get(0).get("field").asString()).isEqualTo("amount");
        Response notAnInstalment = api.post(path(orderId), Map.of("paymentId", 1));
        assertThat(notAnInstalment.status()).isEqualTo(400);

        String unpaid = api.post("/api/v1/orders", ApiClient.order("unpaid-" + UUID.randomUUID(), 2000)).body()
                .get("id").asString();
        Response notPaid = api.post(path(unpaid), Map.of());
        assertThat(notPaid.status()).isEqualTo(409);
        assertThat(notPaid.body().get("code").asString()).isEqualTo("refund_not_paid");
        assertThat(api().post(path(orderId), Map.of()).status()).as("another key's order").isEqualTo(404);
        assertThat(new ApiClient(port, null).post(path(orderId), Map.of()).status()).isEqualTo(401);

        control().mfaRequiredForRefunds(true);
        Response mfa = api.post(path(orderId), Map.of());
        assertThat(mfa.status()).isEqualTo(409);
        assertThat(mfa.body().get("code").asString()).isEqualTo("refund_needs_mfa");
        assertThat(mfa.body().get("detail").asString()).contains("dans l’espace HelloAsso");
        assertThat(ledger.committed(orderId)).isZero();
    }

    @Test
    void anUncertainRefundAnswers202AndTheSameKeyNeverRefundsAgain() {
        ApiClient api = api();
        String orderId = paidOrder(api, 3000);
        control().loseAnswerOfNext("payments.refund", 1, 504);
        ApiClient keyed = api.header("Idempotency-Key", UUID.randomUUID().toString());
        long calls = control().callCount("payments.refund");

        Response first = keyed.post(path(orderId), Map.of("amount", 1000));
        Response retried = keyed.post(path(orderId), Map.of("amount", 1000));

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.body().get("refunds").get(0).get("status").asString()).isEqualTo("UNCERTAIN");
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(control().callCount("payments.refund")).isEqualTo(calls + 1);
        // the next read of the order settles it: HelloAsso did make it
        verifier.verify(orderId, VerificationSource.POLLER, null);
        JsonNode listed = api.get(path(orderId)).body();
        assertThat(listed.get("refunds").get(0).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(listed.get("order").get("status").asString()).isEqualTo("PARTIALLY_REFUNDED");
    }

    @Test
    void refundEventsReachTheHostAsSignedWebhooks() {
        host = new TestHost();
        subscribed.add(endpoints.add(host.url("/hooks"), Set.of("order.partially_refunded", "order.refunded",
                "order.contested"), null, "test").id());
        ApiClient api = api();
        String orderId = paidOrder(api, 4000);

        Response first = api.post(path(orderId), Map.of("amount", 1000));
        assertThat(first.status()).as(first.raw().body()).isEqualTo(201);
        String partial = first.body().get("refunds").get(0).get("id").asString();
        control().advanceClock(Duration.ofSeconds(11));
        Response rest = api.post(path(orderId), Map.of());
        assertThat(rest.status()).as(rest.raw().body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).until(() -> host.received(orderId).size() >= 2);
        List<JsonNode> hooks = host.received(orderId).stream().map(r -> ApiClient.JSON.readTree(r.body())).toList();
        assertThat(hooks).extracting(h -> h.get("type").asString())
                .containsExactlyInAnyOrder("order.partially_refunded", "order.refunded");
        assertThat(host.received(orderId)).extracting(r -> r.header("webhook-id"))
                .anySatisfy(id -> assertThat(id).contains(partial));
        assertThat(hooks).filteredOn(h -> h.get("type").asString().equals("order.refunded")).singleElement()
                .satisfies(h -> assertThat(h.get("data").get("status").asString()).isEqualTo("REFUNDED"));
    }
}
