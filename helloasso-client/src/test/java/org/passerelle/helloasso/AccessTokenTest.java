package org.passerelle.helloasso;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.model.Payment;

class AccessTokenTest extends WireMockSupport {
    private static final String PAYMENT = "{\"id\":42,\"amount\":1000,\"state\":\"Authorized\"}";

    @Test
    void manyThreadsShareOneTokenRequest() throws Exception {
        server.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(json(tokenBody(ACCESS_TOKEN, REFRESH_TOKEN, 1800)).withFixedDelay(200)));
        server.stubFor(get(urlEqualTo("/v5/payments/42")).willReturn(json(PAYMENT)));

        int threads = 16;
        int callsPerThread = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Callable<Integer> task = () -> {
                    start.await();
                    int ok = 0;
                    for (int call = 0; call < callsPerThread; call++) {
                        Payment payment = client.payments().get(42);
                        ok += payment.id() == 42 ? 1 : 0;
                    }
                    return ok;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            int succeeded = 0;
            for (Future<Integer> result : results) {
                succeeded += result.get(30, TimeUnit.SECONDS);
            }
            assertThat(succeeded).isEqualTo(threads * callsPerThread);
        } finally {
            pool.shutdownNow();
        }

        server.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
        server.verify(threads * callsPerThread, getRequestedFor(urlEqualTo("/v5/payments/42"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));
    }

    @Test
    void anExpiredTokenIsRenewedOnceForManyThreads() throws Exception {
        stubToken();
        server.stubFor(post(urlEqualTo("/oauth2/token"))
                .withFormParam("grant_type", equalTo("refresh_token"))
                .willReturn(json(tokenBody("access-token-BBBB", "refresh-token-SSSS", 1800)).withFixedDelay(200)));
        server.stubFor(get(urlEqualTo("/v5/payments/42")).willReturn(json(PAYMENT)));
        client.payments().get(42);
        clock.advance(Duration.ofMinutes(45));

        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Payment>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return client.payments().get(42);
                }));
            }
            start.countDown();
            for (Future<Payment> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS).id()).isEqualTo(42);
            }
        } finally {
            pool.shutdownNow();
        }

        server.verify(1, postRequestedFor(urlEqualTo("/oauth2/token"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("grant_type=refresh_token")));
        server.verify(threads, getRequestedFor(urlEqualTo("/v5/payments/42"))
                .withHeader("Authorization", equalTo("Bearer access-token-BBBB")));
    }

    @Test
    void renewsWithTheRefreshTokenShortlyBeforeExpiry() {
        stubToken();
        server.stubFor(post(urlEqualTo("/oauth2/token"))
                .withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("refresh_token", equalTo(REFRESH_TOKEN))
                .willReturn(json(tokenBody("access-token-BBBB", "refresh-token-SSSS", 1800))));
        server.stubFor(get(urlEqualTo("/v5/payments/42")).willReturn(json(PAYMENT)));

        client.payments().get(42);
        clock.advance(Duration.ofMinutes(28)); // still more than the safety margin left: reuse
        client.payments().get(42);
        server.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));

        clock.advance(Duration.ofSeconds(90)); // inside the last minute: renew before HelloAsso refuses it
        client.payments().get(42);

        server.verify(1, postRequestedFor(urlEqualTo("/oauth2/token"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("grant_type=refresh_token")));
        server.verify(1, getRequestedFor(urlEqualTo("/v5/payments/42"))
                .withHeader("Authorization", equalTo("Bearer access-token-BBBB")));
    }

    @Test
    void fallsBackToClientCredentialsWhenTheRefreshTokenIsRefused() {
        stubToken();
        server.stubFor(post(urlEqualTo("/oauth2/token"))
                .withFormParam("grant_type", equalTo("refresh_token"))
                .willReturn(aResponse().withStatus(400)
                        .withBody("{\"error\":\"access_denied\",\"error_description\":\"refresh token expired\"}")));
        server.stubFor(get(urlEqualTo("/v5/payments/42")).willReturn(json(PAYMENT)));

        client.payments().get(42);
        clock.advance(Duration.ofMinutes(31));
        client.payments().get(42);

        server.verify(3, postRequestedFor(urlEqualTo("/oauth2/token")));
        server.verify(2, getRequestedFor(urlEqualTo("/v5/payments/42"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));
    }

    @Test
    void a401DropsTheTokenAndRetriesTheCallOnce() {
        server.stubFor(post(urlEqualTo("/oauth2/token")).inScenario("tokens").whenScenarioStateIs(STARTED)
                .willReturn(json(tokenBody("revoked-token", REFRESH_TOKEN, 1800))).willSetStateTo("second"));
        server.stubFor(post(urlEqualTo("/oauth2/token")).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(json(tokenBody(ACCESS_TOKEN, REFRESH_TOKEN, 1800))));
        server.stubFor(get(urlEqualTo("/v5/payments/42")).withHeader("Authorization", equalTo("Bearer revoked-token"))
                .willReturn(aResponse().withStatus(401)));
        server.stubFor(get(urlEqualTo("/v5/payments/42")).withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .willReturn(json(PAYMENT)));

        assertThat(client.payments().get(42).id()).isEqualTo(42);
        // Renewed without waiting for expiry, even though the revoked token still had 30 minutes to live.
        server.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
        server.verify(2, getRequestedFor(urlEqualTo("/v5/payments/42")));
    }

    @Test
    void aSecond401IsReportedWithoutLooping() {
        stubToken();
        server.stubFor(get(urlEqualTo("/v5/payments/42")).willReturn(aResponse().withStatus(401)));

        assertThatThrownBy(() -> client.payments().get(42))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.path()).isEqualTo("/v5/payments/42");
                });
        server.verify(2, getRequestedFor(urlEqualTo("/v5/payments/42")));
    }

    @Test
    void refusedCredentialsRaiseAnAuthenticationErrorWithoutTheSecret() {
        server.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"unauthorized_client\",\"error_description\":\"bad client\"}")));

        assertThatThrownBy(() -> client.payments().get(42))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.error()).isEqualTo("unauthorized_client");
                    assertThat(e.errorDescription()).isEqualTo("bad client");
                    assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET);
                });
        server.verify(0, getRequestedFor(urlEqualTo("/v5/payments/42")));
    }

    @Test
    void theTokenCallIsRetriedOnAServerError() {
        server.stubFor(post(urlEqualTo("/oauth2/token")).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(post(urlEqualTo("/oauth2/token")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(json(tokenBody(ACCESS_TOKEN, REFRESH_TOKEN, 1800))));
        server.stubFor(get(urlEqualTo("/v5/payments/42")).willReturn(json(PAYMENT)));

        assertThat(client.payments().get(42).id()).isEqualTo(42);
        server.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
        assertThat(sleeper.sleeps).hasSize(1);
    }
}
