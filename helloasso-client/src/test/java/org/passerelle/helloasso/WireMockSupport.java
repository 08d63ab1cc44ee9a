package org.passerelle.helloasso;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A real HTTP server standing in for HelloAsso, plus a client wired to it with a hand-driven clock. */
abstract class WireMockSupport {
    static final String CLIENT_ID = "0123456789abcdef0123456789abcdef";
    static final String CLIENT_SECRET = "s3cr3t-client-secret-value";
    static final String ACCESS_TOKEN = "access-token-AAAA";
    static final String REFRESH_TOKEN = "refresh-token-RRRR";
    static final String ORG = "passerelle-demo";

    WireMockServer server;
    MutableClock clock;
    RecordingSleeper sleeper;
    HelloAssoClient client;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        sleeper = new RecordingSleeper();
        client = clientBuilder().build();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    HelloAssoClient.Builder clientBuilder() {
        return HelloAssoClient.builder()
                .environment(HelloAssoEnvironment.custom(URI.create(server.baseUrl())))
                .clientId(CLIENT_ID)
                .clientSecret(CLIENT_SECRET)
                .requestTimeout(Duration.ofSeconds(5))
                .clock(clock)
                .sleeper(sleeper);
    }

    /** The token endpoint grants {@link #ACCESS_TOKEN} for 30 minutes to the client credentials. */
    void stubToken() {
        server.stubFor(post(urlEqualTo("/oauth2/token"))
                .withFormParam("grant_type", equalTo("client_credentials"))
                .withFormParam("client_id", equalTo(CLIENT_ID))
                .withFormParam("client_secret", equalTo(CLIENT_SECRET))
                .willReturn(json(tokenBody(ACCESS_TOKEN, REFRESH_TOKEN, 1800))));
    }

    static String tokenBody(String accessToken, String refreshToken, int expiresIn) {
        return """
                {"access_token":"%s","refresh_token":"%s","token_type":"bearer","expires_in":%d}"""
                .formatted(accessToken, refreshToken, expiresIn);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static String fixture(String name) {
        try (InputStream in = WireMockSupport.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
