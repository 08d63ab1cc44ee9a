package org.passerelle.helloasso;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.model.CheckoutIntentRequest;
import org.passerelle.helloasso.model.RefundRequest;

class RetryTest extends WireMockSupport {
    private static final String PAYMENTS_42 = "/v5/payments/42";
    private static final String PAYMENT = "{\"id\":42,\"amount\":1000,\"state\":\"Authorized\"}";

    private void failFirstThenSucceed(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure) {
        server.stubFor(get(urlEqualTo(PAYMENTS_42)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(failure).willSetStateTo("recovered"));
        server.stubFor(get(urlEqualTo(PAYMENTS_42)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(json(PAYMENT)));
    }

    @Test
    void a429IsRetriedAfterExactlyTheRetryAfterDelay() {
        stubToken();
        failFirstThenSucceed(aResponse().withStatus(429).withHeader("Retry-After", "7"));

        assertThat(client.payments().get(42).id()).isEqualTo(42);

        assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(7));
        server.verify(2, getRequestedFor(urlEqualTo(PAYMENTS_42)));
    }

    @Test
    void aRetryAfterDateIsReadAgainstTheInjectedClock() {
        stubToken();
        // The clock reads 2026-03-01T10:00:00Z.
        failFirstThenSucceed(aResponse().withStatus(429).withHeader("Retry-After", "Sun, 01 Mar 2026 10:00:12 GMT"));

        client.payments().get(42);

        assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void aServerErrorIsRetriedWithJitteredExponentialBackoff() {
        stubToken();
        server.stubFor(get(urlEqualTo(PAYMENTS_42)).inScenario("down").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("still down"));
        server.stubFor(get(urlEqualTo(PAYMENTS_42)).inScenario("down").whenScenarioStateIs("still down")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(get(urlEqualTo(PAYMENTS_42)).inScenario("down").whenScenarioStateIs("up")
                .willReturn(json(PAYMENT)));

        assertThat(client.payments().get(42).id()).isEqualTo(42);

        assertThat(sleeper.sleeps).hasSize(2);
        assertThat(sleeper.sleeps.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(sleeper.sleeps.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void retriesAreBoundedAndTheLastErrorIsReported() {
        stubToken();
        server.stubFor(get(urlEqualTo(PAYMENTS_42)).willReturn(aResponse().withStatus(500).withBody("{\"errors\":[]}")));
        HelloAssoClient threeRetries = clientBuilder().maxRetries(3).build();

        assertThatThrownBy(() -> threeRetries.payments().get(42))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.method()).isEqualTo("GET");
                    assertThat(e.path()).isEqualTo(PAYMENTS_42);
                });
        server.verify(4, getRequestedFor(urlEqualTo(PAYMENTS_42)));
        assertThat(sleeper.sleeps).hasSize(3);
    }

    @Test
    void aRetryAfterTooLongToWaitIsSurfacedAsRateLimited() {
        stubToken();
        server.stubFor(get(urlEqualTo(PAYMENTS_42)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

        assertThatThrownBy(() -> client.payments().get(42))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
        server.verify(1, getRequestedFor(urlEqualTo(PAYMENTS_42)));
        assertThat(sleeper.sleeps).isEmpty();
    }

    @Test
    void aConnectionResetOnAReadIsRetried() {
        stubToken();
        failFirstThenSucceed(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(client.payments().get(42).id()).isEqualTo(42);
        server.verify(2, getRequestedFor(urlEqualTo(PAYMENTS_42)));
    }

    @Test
    void aReadThatTimesOutEveryTimeEndsInATimeoutError() {
        stubToken();
        server.stubFor(get(urlEqualTo(PAYMENTS_42)).willReturn(json(PAYMENT).withFixedDelay(1500)));
        HelloAssoClient impatient = clientBuilder().requestTimeout(Duration.ofMillis(200)).maxRetries(1).build();

        assertThatThrownBy(() -> impatient.payments().get(42))
                .isInstanceOfSatisfying(HelloAssoNetworkException.class, e -> {
                    assertThat(e.isTimeout()).isTrue();
                    assertThat(e.path()).isEqualTo(PAYMENTS_42);
                });
        server.verify(2, getRequestedFor(urlEqualTo(PAYMENTS_42)));
    }

    @Test
    void aCheckoutCreationIsNeverRetriedAfterAServerError() {
        stubToken();
        server.stubFor(post(urlEqualTo("/v5/organizations/" + ORG + "/checkout-intents"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));

        assertThatThrownBy(() -> client.checkoutIntents().create(ORG, CheckoutIntentRequest.builder()
                .itemName("Adhésion").amount(1000)
                .backUrl("https://a.example/b").errorUrl("https://a.example/e").returnUrl("https://a.example/r")
                .build()))
                .isInstanceOf(ServerErrorException.class);

        server.verify(1, postRequestedFor(urlEqualTo("/v5/organizations/" + ORG + "/checkout-intents")));
        assertThat(sleeper.sleeps).isEmpty();
    }

    @Test
    void aRefundThatTimesOutIsNotRetriedAndSaysTheOutcomeIsUncertain() {
        stubToken();
        server.stubFor(post(urlPathEqualTo("/v5/payments/42/refund"))
                .willReturn(json("{\"id\":1,\"amount\":1000}").withFixedDelay(1500)));
        HelloAssoClient impatient = clientBuilder().requestTimeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> impatient.payments().refund(42, RefundRequest.full()))
                .isInstanceOfSatisfying(HelloAssoNetworkException.class, e -> {
                    assertThat(e.isTimeout()).isTrue();
                    assertThat(e.getMessage()).contains("may have reached HelloAsso");
                });

        server.verify(1, postRequestedFor(urlPathEqualTo("/v5/payments/42/refund")));
        assertThat(sleeper.sleeps).isEmpty();
    }
}
