package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

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
        api.token();
    }

    @Test
    void failNextFailsExactlyThatManyCallsOfThatOperationThenRecovers() {
        emulator.control().failNext("checkoutIntents.create", 2, 502);
        String path = "/v5/organizations/passerelle-demo/checkout-intents";

        assertThat(api.get("/v5/partners/me").status()).as("other operations are untouched").isEqualTo(200);
        assertThat(api.post(path, Api.checkoutBody(1000).toString()).status()).isEqualTo(502);
        assertThat(api.post(path, Api.checkoutBody(1000).toString()).status()).isEqualTo(502);
        assertThat(api.post(path, Api.checkoutBody(1000).toString()).status()).isEqualTo(200);
        assertThat(emulator.control().checkoutIntentIds()).as("a failed call does nothing").hasSize(1);
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() {
        emulator.control().rateLimitNext("orders.list", 1, Duration.ofSeconds(7));

        Api.Reply reply = api.get("/v5/organizations/passerelle-demo/orders");

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("Retry-After")).isEqualTo("7");
        assertThat(api.get("/v5/organizations/passerelle-demo/orders").status()).isEqualTo(200);
    }

    @Test
    void theTokenEndpointCanFailToo() {
        emulator.control().failNext("token", 1, 503);
        assertThat(api.clientCredentials(emulator.clientId(), emulator.clientSecret()).status()).isEqualTo(503);
        assertThat(api.clientCredentials(emulator.clientId(), emulator.clientSecret()).status()).isEqualTo(200);
    }

    @Test
    void latencyDelaysCallsUntilCleared() throws Exception {
        emulator.control().latency(Duration.ofSeconds(3));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(emulator.baseUrl() + "/v5/partners/me"))
                .header("Authorization", "Bearer " + api.token()).timeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()))
                .as("a caller with a short timeout gives up while the emulator waits")
                .isInstanceOf(java.net.http.HttpTimeoutException.class);

        emulator.control().clearFaults();
        assertThat(api.get("/v5/partners/me").status()).isEqualTo(200);
    }

    @Test
    void unknownOperationsAndStatusesAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> emulator.control().failNext("checkout.create", 1, 500))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkoutIntents.create");
        assertThatThrownBy(() -> emulator.control().failNext("orders.get", 1, 200)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callsAreRecordedWithTheirOperationAndStatus() {
        emulator.control().resetCalls();
        api.get("/v5/orders/424242");
        api.post("/v5/organizations/passerelle-demo/checkout-intents", Api.checkoutBody(1000).toString());

        assertThat(emulator.control().calls()).extracting(RecordedCall::operation, RecordedCall::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orders.get", 404),
                        org.assertj.core.groups.Tuple.tuple("checkoutIntents.create", 200));
        assertThat(emulator.control().callCount("orders.get")).isEqualTo(1);
    }

    @Test
    void resetForgetsIntentsFaultsCallsTokensAndTheClockOffset() {
        String token = api.token();
        api.createIntent(Api.checkoutBody(1000));
        emulator.control().failNext("orders.get", 5, 500).advanceClock(Duration.ofMinutes(5));

        emulator.control().reset();

        assertThat(emulator.control().checkoutIntentIds()).isEmpty();
        assertThat(emulator.control().calls()).isEmpty();
        assertThat(api.get("/v5/orders/1").status()).as("the old token is gone").isEqualTo(401);
        api.useToken(null);
        assertThat(api.get("/v5/orders/1").status()).as("no fault left").isEqualTo(404);
        assertThat(token).isNotBlank();
    }
}
