package org.passerelle.helloasso;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the listener and the logs see: every call, and never a token or a secret. */
class ObservabilityTest extends WireMockSupport {
    private static final String SIGNATURE_KEY = "SIGNATURE-KEY-9f8e7d6c5b4a";
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("org.passerelle.helloasso");
    private Level previousLevel;
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logLines.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogsAndEvents() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        client = clientBuilder().listener(new HelloAssoListener() {
            @Override
            public void onResponse(String operation, String method, String path, int status, Duration duration) {
                events.add("response " + operation + " " + method + " " + path + " " + status);
            }

            @Override
            public void onFailure(String operation, String method, String path, Throwable error, Duration duration) {
                events.add("failure " + operation + " " + method + " " + path + " " + error.getClass().getSimpleName());
            }

            @Override
            public void onTokenRequest(String grantType, boolean success) {
                events.add("token " + grantType + " " + success);
            }
        }).build();
    }

    @AfterEach
    void restoreLogging() {
        logger.removeHandler(capture);
        logger.setLevel(previousLevel);
    }

    @Test
    void theListenerSeesEachCallOnceWithItsOperationName() {
        stubToken();
        server.stubFor(get(urlEqualTo("/v5/payments/42")).inScenario("s").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(get(urlEqualTo("/v5/payments/42")).inScenario("s").whenScenarioStateIs("up")
                .willReturn(json("{\"id\":42,\"amount\":100}")));
        server.stubFor(get(urlEqualTo("/v5/orders/1")).willReturn(aResponse().withStatus(404)));

        client.payments().get(42);
        assertThatThrownBy(() -> client.orders().get(1)).isInstanceOf(NotFoundException.class);

        assertThat(events).containsExactly(
                "token client_credentials true",
                "response payments.get GET /v5/payments/42 200",
                "response orders.get GET /v5/orders/1 404");
    }

    @Test
    void aCallWithoutAnswerIsReportedAsAFailure() {
        stubToken();
        server.stubFor(get(urlEqualTo("/v5/payments/42")).willReturn(json("{}").withFixedDelay(1500)));
        HelloAssoClient impatient = clientBuilder().requestTimeout(Duration.ofMillis(200)).maxRetries(0)
                .listener(new HelloAssoListener() {
                    @Override
                    public void onFailure(String operation, String method, String path, Throwable error,
                                          Duration duration) {
                        events.add("failure " + operation + " " + error.getClass().getSimpleName());
                    }
                }).build();

        assertThatThrownBy(() -> impatient.payments().get(42)).isInstanceOf(HelloAssoNetworkException.class);
        assertThat(events).containsExactly("failure payments.get HelloAssoNetworkException");
    }

    @Test
    void noTokenSecretOrSignatureKeyReachesLogsOrExceptions() {
        server.stubFor(post(urlEqualTo("/oauth2/token")).inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withBody(tokenBody(ACCESS_TOKEN, REFRESH_TOKEN, 1800)))
                .willSetStateTo("ok"));
        server.stubFor(post(urlEqualTo("/oauth2/token")).inScenario("t").whenScenarioStateIs("ok")
                .willReturn(json(tokenBody(ACCESS_TOKEN, REFRESH_TOKEN, 1800))));
        server.stubFor(get(urlEqualTo("/v5/payments/42")).willReturn(aResponse().withStatus(401)));
        server.stubFor(put(urlEqualTo("/v5/partners/me/api-notifications")).willReturn(aResponse().withStatus(500)
                .withBody("{\"url\":\"https://a.example\",\"signatureKey\":\"" + SIGNATURE_KEY + "\"}")));

        Throwable unauthorized = catchThrowable(() -> client.payments().get(42));
        Throwable serverError = catchThrowable(() -> client.notificationUrls().set("https://a.example", null));

        assertThat(logLines).isNotEmpty();
        for (String text : List.of(String.join("\n", logLines), describe(unauthorized), describe(serverError))) {
            assertThat(text).doesNotContain(ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET, SIGNATURE_KEY);
        }
    }

    @Test
    void partnerModeLogsNoCodeVerifierOrOrganizationToken() {
        Partner partner = client.partner();
        AuthorizationRequest pending = partner.authorizationRequest(java.net.URI.create("https://pay.example.org/cb"));
        server.stubFor(post(urlEqualTo("/oauth2/token")).withFormParam("grant_type", equalTo("authorization_code"))
                .willReturn(json("{\"access_token\":\"ORG-ACCESS-1\",\"refresh_token\":\"ORG-REFRESH-1\","
                        + "\"expires_in\":1800,\"organization_slug\":\"club\"}")));
        server.stubFor(post(urlEqualTo("/oauth2/token")).withFormParam("grant_type", equalTo("refresh_token"))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"access_denied\"}")));
        server.stubFor(get(urlEqualTo("/v5/organizations/club")).willReturn(aResponse().withStatus(401)));

        partner.completeAuthorization(pending, pending.state(), "THE-CODE-123", null);
        Throwable refused = catchThrowable(() -> partner.organization("club").organizations().get("club"));

        assertThat(refused).isInstanceOf(InvalidGrantException.class);
        assertThat(events).contains("token authorization_code true", "token refresh_token false");
        assertThat(logLines).isNotEmpty();
        for (String text : List.of(String.join("\n", logLines), describe(refused))) {
            assertThat(text).doesNotContain(pending.codeVerifier(), "THE-CODE-123", "ORG-ACCESS-1", "ORG-REFRESH-1",
                    CLIENT_SECRET);
        }
    }

    private static Throwable catchThrowable(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected an exception");
    }

    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(error.toString());
        if (error instanceof HelloAssoApiException api) {
            text.append(api.responseBody()).append(api.errors());
        }
        return text.toString();
    }
}
