package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control API over HTTP, as a curl user or a non-Java test would drive it. */
class ControlHttpTest {

    static HelloAssoEmulator emulator;
    Api api;

    @BeforeAll
    static void start() {
        emulator = HelloAssoEmulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void fresh() {
        emulator.control().reset();
        api = new Api(emulator);
    }

    Api.Reply control(String method, String path, String json) {
        return api.raw(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/_emulator" + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void paysAnIntentAndTheApiShowsTheOrder() {
        long id = api.createIntent(Api.checkoutBody(990)).get("id").asLong();

        Api.Reply paid = control("POST", "/checkout-intents/" + id + "/pay", null);

        assertThat(paid.status()).isEqualTo(200);
        long orderId = paid.json().get("orderId").asLong();
        assertThat(api.get("/v5/orders/" + orderId).json().get("amount").get("total").asInt()).isEqualTo(990);
        assertThat(control("GET", "/checkout-intents/" + id, null).json().get("orderId").asLong()).isEqualTo(orderId);
        assertThat(control("POST", "/checkout-intents/" + id + "/pay", null).status()).as("already paid").isEqualTo(409);
    }

    @Test
    void plansFaultsAdvancesTheClockAndResets() {
        assertThat(control("POST", "/faults", "{\"operation\":\"partners.me\",\"times\":1,\"status\":500}").status()).isEqualTo(200);
        assertThat(api.get("/v5/partners/me").status()).isEqualTo(500);
        assertThat(control("POST", "/faults/rate-limit", "{\"operation\":\"partners.me\",\"retryAfterSeconds\":3}").status()).isEqualTo(200);
        assertThat(api.get("/v5/partners/me").header("Retry-After")).isEqualTo("3");

        String before = control("GET", "/clock", null).json().get("now").asString();
        String after = control("POST", "/clock/advance", "{\"duration\":\"PT1H\"}").json().get("now").asString();
        assertThat(java.time.OffsetDateTime.parse(after)).isAfter(java.time.OffsetDateTime.parse(before).plusMinutes(59));

        assertThat(control("GET", "/calls", null).json()).isNotEmpty();
        assertThat(control("POST", "/reset", null).status()).isEqualTo(200);
        assertThat(control("GET", "/calls", null).json()).isEmpty();
    }

    @Test
    void badControlRequestsGetA400OrA404WithAMessage() {
        Api.Reply bad = control("POST", "/faults", "{\"operation\":\"nope\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("message").asString()).contains("unknown operation");
        assertThat(control("POST", "/checkout-intents/123/pay", null).status()).isEqualTo(400);
        assertThat(control("GET", "/nothing-here", null).status()).isEqualTo(404);
        assertThat(control("POST", "/clock/advance", "{\"duration\":\"soon\"}").status()).isEqualTo(400);
    }

    @Test
    void listsTheOperationsItOffers() {
        assertThat(control("GET", "", null).json().get("operationNames").toString()).contains("checkoutIntents.create");
    }

    @Test
    void theNewerControlsWorkOverHttpToo() {
        long id = api.createIntent(Api.checkoutBody(1200)).get("id").asLong();
        long orderId = control("POST", "/checkout-intents/" + id + "/pay", null).json().get("orderId").asLong();
        long paymentId = emulator.control().paymentIds(orderId).getFirst();

        assertThat(control("POST", "/cash-out", null).json().get("transferred").asInt()).isEqualTo(1);
        assertThat(api.get("/v5/payments/" + paymentId).json().get("cashOutState").asString()).isEqualTo("Transfered");
        assertThat(control("POST", "/refunds/mfa", "{\"mode\":\"Password\"}").status()).isEqualTo(200);
        assertThat(api.post("/v5/payments/" + paymentId + "/refund", null).json().at("/errors/0/code").asString())
                .isEqualTo("AuthorizationErrors.MFA.AccessPasswordTokenRequired");
        assertThat(control("POST", "/refunds/mfa", "{\"mode\":\"Sometimes\"}").status()).isEqualTo(400);
        control("POST", "/refunds/mfa", "{\"mode\":\"None\"}");
        assertThat(control("POST", "/refunds/fail-next", "{\"count\":1}").status()).isEqualTo(200);
        assertThat(control("POST", "/notifications/hold", null).status()).isEqualTo(200);
        assertThat(api.post("/v5/payments/" + paymentId + "/refund", null).status()).isEqualTo(200);
        emulator.control().advanceClock(java.time.Duration.ofSeconds(10));
        assertThat(api.get("/v5/payments/" + paymentId + "?withFailedRefundOperation=true").json()
                .at("/refundOperations/0/status").asString()).isEqualTo("Error");
        assertThat(control("POST", "/notifications/form", "{\"formType\":\"Event\",\"formSlug\":\"gala\",\"title\":\"Gala\"}")
                .status()).isEqualTo(200);
        assertThat(control("POST", "/notifications/organization-slug", "{\"oldSlug\":\"passerelle-demo\",\"newSlug\":\"autre\"}")
                .status()).isEqualTo(200);
        assertThat(control("POST", "/notifications/release", "{\"order\":\"newest-first\"}").json().get("released").asInt())
                .as("no URL is registered, so nothing was held").isZero();
        assertThat(control("GET", "", null).json().get("operations").toString()).contains("/_emulator/notifications/release");
    }
}
