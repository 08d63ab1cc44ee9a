package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class OAuthTest {

    static HelloAssoEmulator emulator;
    Api api;

    @BeforeAll
    static void start() {
        emulator = HelloAssoEmulator.start(EmulatorConfig.builder()
                .accessTokenTtl(Duration.ofSeconds(60))
                .addClient("reader-id", "reader-secret", "AccessTransactions")
                .build());
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

    @Test
    void clientCredentialsGivesABearerTokenARefreshTokenAndItsLifetime() {
        Api.Reply reply = api.clientCredentials("emulator-client-id", "emulator-client-secret");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("token_type").asString()).isEqualTo("bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(60);
        assertThat(body.get("refresh_token").asString()).isNotBlank();
        String payload = new String(Base64.getUrlDecoder().decode(body.get("access_token").asString().split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertThat(payload).contains("\"cps\"", "Checkout");
    }

    @Test
    void basicAuthCredentialsAreAcceptedToo() {
        String basic = Base64.getEncoder().encodeToString("emulator-client-id:emulator-client-secret".getBytes(StandardCharsets.UTF_8));
        Api.Reply reply = api.raw(HttpRequest.newBuilder(emulator.tokenUrl())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void badCredentialsGiveAnOAuth2ErrorBodyWithoutEchoingTheSecret() {
        Api.Reply reply = api.clientCredentials("emulator-client-id", "wrong-secret-value");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asString()).isEqualTo("unauthorized_client");
        assertThat(reply.json().get("error_description").asString()).isNotBlank();
        assertThat(reply.body()).doesNotContain("wrong-secret-value");
        assertThat(api.clientCredentials("nobody", "emulator-client-secret").json().get("error").asString())
                .isEqualTo("unauthorized_client");
    }

    @Test
    void unsupportedGrantAndJsonBodyAreRejected() {
        assertThat(api.tokenRequest(Map.of("grant_type", "password")).json().get("error").asString())
                .isEqualTo("unsupported_grant_type");
        Api.Reply json = api.raw(HttpRequest.newBuilder(emulator.tokenUrl()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")));
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.json().get("error").asString()).isEqualTo("invalid_request");
    }

    @Test
    void refreshRotatesTheRefreshTokenAndTheOldOneStopsWorking() {
        JsonNode first = api.clientCredentials("emulator-client-id", "emulator-client-secret").json();
        String oldRefresh = first.get("refresh_token").asString();

        Api.Reply refreshed = api.tokenRequest(Map.of("grant_type", "refresh_token", "client_id", "emulator-client-id",
                "refresh_token", oldRefresh));

        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().get("refresh_token").asString()).isNotEqualTo(oldRefresh);
        api.useToken(refreshed.json().get("access_token").asString());
        assertThat(api.get("/v5/partners/me").status()).isEqualTo(200);

        Api.Reply reused = api.tokenRequest(Map.of("grant_type", "refresh_token", "client_id", "emulator-client-id",
                "refresh_token", oldRefresh));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().get("error").asString()).isEqualTo("access_denied");
    }

    @Test
    void missingOrUnknownBearerIs401WithHelloAssosMessage() {
        Api.Reply none = api.raw(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v5/orders/1")).GET());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).contains("you must add a valid JWT into Authorization Header");

        api.useToken("not-a-token");
        assertThat(api.get("/v5/orders/1").status()).isEqualTo(401);
    }

    @Test
    void anAccessTokenExpiresWithTheEmulatorClock() {
        api.token();
        assertThat(api.get("/v5/partners/me").status()).isEqualTo(200);

        emulator.control().advanceClock(Duration.ofSeconds(61));

        assertThat(api.get("/v5/partners/me").status()).isEqualTo(401);
    }

    @Test
    void anOrganizationsOwnClientReadsItAndAnUnknownSlugIs404() {
        api.token();
        Api.Reply known = api.get("/v5/organizations/passerelle-demo");
        assertThat(known.status()).isEqualTo(200);
        assertThat(known.json().get("name").asString()).isEqualTo("Passerelle Démo");
        assertThat(known.json().get("organizationSlug").asString()).isEqualTo("passerelle-demo");
        assertThat(known.json().get("url").asString()).isEqualTo(emulator.baseUrl() + "/associations/passerelle-demo");

        assertThat(api.get("/v5/organizations/someone-else").status()).isEqualTo(404);
        // a whole address pasted as the slug, percent-encoded by the client, is no organization either
        assertThat(api.get("/v5/organizations/https%3A%2F%2Fwww.helloasso.com%2Fassociations%2Fpasserelle-demo").status())
                .isEqualTo(404);
    }

    @Test
    void aClientWithoutThePrivilegeGets403() {
        api.useToken(api.clientCredentials("reader-id", "reader-secret").json().get("access_token").asString());

        Api.Reply reply = api.post("/v5/organizations/passerelle-demo/checkout-intents", Api.checkoutBody(1000).toString());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).contains("hasn't the privileges");
        assertThat(api.get("/v5/organizations/passerelle-demo/orders").status()).isEqualTo(200);
        assertThat(api.get("/v5/organizations/passerelle-demo").status()).as("no AccessPublicData").isEqualTo(403);
    }
}
