package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

/**
 * Partner mode, as raw HTTP: the consent page, the authorization_code grant with PKCE, refresh-token rotation,
 * organization-scoped tokens, the linked organizations and per-organization notification URLs.
 */
class PartnerModeTest {

    static final String OTHER = "club-des-echecs";
    static final String REDIRECT = "http://127.0.0.1:9/helloasso/callback";
    /** RFC 7636 appendix B's example pair. */
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    static HelloAssoEmulator emulator;
    Api api;

    @BeforeAll
    static void start() {
        emulator = HelloAssoEmulator.start(EmulatorConfig.builder()
                .addOrganization(OTHER, "Club des échecs")
                .notificationRetryBackoff(Duration.ofMillis(50))
                .build());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void fresh() {
        emulator.control().reset();
        emulator.control().registerRedirectDomain(emulator.partnerClientId(), "http://127.0.0.1:9");
        api = new Api(emulator);
    }

    @Test
    void theConsentPageNamesThePartnerAndOffersEveryOrganization() {
        Api.Reply page = api.raw(HttpRequest.newBuilder(authorizeUrl("st4te")).header("Accept-Language", "en"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("emulator-partner-id", "Passerelle Démo", "Club des échecs",
                "value=\"passerelle-demo\"", "value=\"" + OTHER + "\"", "id=\"approve\"", "id=\"refuse\"");
    }

    @Test
    void approvingRedirectsWithACodeAndTheStateAndTheCodeGivesTokensForThatOrganization() {
        URI callback = emulator.control().approveAuthorization(authorizeUrl("st4te"), OTHER);

        assertThat(callback.toString()).startsWith(REDIRECT + "?code=").endsWith("&state=st4te");
        Api.Reply tokens = exchange(code(callback), VERIFIER, REDIRECT);
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(tokens.json().get("organization_slug").asString()).isEqualTo(OTHER);
        assertThat(tokens.json().get("refresh_token").asString()).isNotBlank();
        assertThat(tokens.json().get("token_type").asString()).isEqualTo("bearer");
        assertThat(emulator.control().linkedOrganizations(emulator.partnerClientId())).containsExactly(OTHER);
    }

    @Test
    void refusingRedirectsWithAccessDeniedAndLinksNothing() {
        URI callback = emulator.control().refuseAuthorization(authorizeUrl("st4te"));

        assertThat(callback.toString()).isEqualTo(REDIRECT + "?error=access_denied&state=st4te");
        assertThat(emulator.control().linkedOrganizations(emulator.partnerClientId())).isEmpty();
    }

    @Test
    void aWrongVerifierIsInvalidGrantAndTheCodeIsSpent() {
        String code = code(emulator.control().approveAuthorization(authorizeUrl("s"), OTHER));

        Api.Reply wrong = exchange(code, "x".repeat(43), REDIRECT);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(exchange(code, VERIFIER, REDIRECT).json().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void aCodeWorksOnlyOnce() {
        String code = code(emulator.control().approveAuthorization(authorizeUrl("s"), OTHER));

        assertThat(exchange(code, VERIFIER, REDIRECT).status()).isEqualTo(200);
        Api.Reply again = exchange(code, VERIFIER, REDIRECT);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void aCodeExpiresAfterFiveMinutes() {
        String code = code(emulator.control().approveAuthorization(authorizeUrl("s"), OTHER));
        emulator.control().advanceClock(Duration.ofMinutes(5).plusSeconds(1));

        assertThat(exchange(code, VERIFIER, REDIRECT).json().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void aDifferentRedirectUriOrAMissingVerifierIsRefused() {
        String code = code(emulator.control().approveAuthorization(authorizeUrl("s"), OTHER));
        assertThat(exchange(code, VERIFIER, REDIRECT + "/other").json().get("error").asString()).isEqualTo("invalid_grant");

        String another = code(emulator.control().approveAuthorization(authorizeUrl("s"), OTHER));
        Map<String, String> form = codeForm(another, null, REDIRECT);
        assertThat(api.tokenRequest(form).json().get("error").asString()).isEqualTo("invalid_request");
    }

    @Test
    void theCodeIsOnlyForThePartnerItWasIssuedTo() {
        String code = code(emulator.control().approveAuthorization(authorizeUrl("s"), OTHER));
        Map<String, String> form = codeForm(code, VERIFIER, REDIRECT);
        form.put("client_id", emulator.clientId());
        form.put("client_secret", emulator.clientSecret());

        assertThat(api.tokenRequest(form).json().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void theAuthorizePageRefusesAnUnknownClientAnUnregisteredDomainAndPlainChallenges() {
        Api.Reply unknown = api.raw(HttpRequest.newBuilder(URI.create(emulator.authorizeUrl() + "?client_id=nobody"
                + "&redirect_uri=" + enc(REDIRECT) + "&code_challenge=" + CHALLENGE + "&code_challenge_method=S256")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("Location")).isNull();

        Api.Reply elsewhere = api.raw(HttpRequest.newBuilder(URI.create(authorizeUrl("s").toString()
                .replace(enc(REDIRECT), enc("http://evil.example/cb")))));
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.header("Location")).isNull();

        Api.Reply plain = api.raw(HttpRequest.newBuilder(URI.create(authorizeUrl("s").toString()
                .replace("code_challenge_method=S256", "code_challenge_method=plain"))));
        assertThat(plain.status()).isEqualTo(303);
        assertThat(plain.header("Location")).startsWith(REDIRECT + "?error=invalid_request");
    }

    @Test
    void withoutARegisteredDomainThereIsNoConsentPage() {
        emulator.control().reset();

        Api.Reply page = api.raw(HttpRequest.newBuilder(authorizeUrl("s")));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("api-clients");
    }

    @Test
    void thePartnerRegistersItsDomainThroughTheApi() {
        emulator.control().reset();
        api.useToken(partnerToken());

        assertThat(api.put("/v5/partners/me/api-clients", "{\"domain\":\"http://127.0.0.1:9\"}").status()).isEqualTo(200);
        assertThat(api.put("/v5/partners/me/api-clients", "{\"domain\":\"x\",\"secret\":\"y\"}").status()).isEqualTo(400);
        assertThat(api.raw(HttpRequest.newBuilder(authorizeUrl("s"))).status()).isEqualTo(200);
        assertThat(api.get("/v5/partners/me").json().at("/apiClient/domain").asString()).isEqualTo("http://127.0.0.1:9");
    }

    @Test
    void refreshRotatesAndTheOldRefreshTokenStopsWorking() {
        JsonNode first = link(OTHER);
        String oldRefresh = first.get("refresh_token").asString();

        Api.Reply refreshed = refresh(oldRefresh);
        assertThat(refreshed.status()).isEqualTo(200);
        String newRefresh = refreshed.json().get("refresh_token").asString();
        assertThat(newRefresh).isNotEqualTo(oldRefresh);
        assertThat(refreshed.json().get("organization_slug").asString()).isEqualTo(OTHER);

        Api.Reply reused = refresh(oldRefresh);
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().get("error").asString()).isEqualTo("access_denied");
        assertThat(refresh(newRefresh).status()).isEqualTo(200);
    }

    @Test
    void aRefreshedTokenStillReachesOnlyItsOrganization() {
        JsonNode linked = link(OTHER);
        api.useToken(refresh(linked.get("refresh_token").asString()).json().get("access_token").asString());

        assertThat(api.get("/v5/organizations/" + OTHER + "/orders").status()).isEqualTo(200);
        assertThat(api.get("/v5/organizations/passerelle-demo/orders").status()).isEqualTo(403);
    }

    @Test
    void anOrganizationTokenCannotReachAnotherOrganizationsIntentsOrdersOrPayments() {
        // An intent paid in passerelle-demo, created with the association's own client.
        JsonNode created = api.createIntent(Api.checkoutBody(1000));
        long intentId = created.get("id").asLong();
        long orderId = emulator.control().pay(intentId);
        long paymentId = api.get("/v5/orders/" + orderId).json().at("/payments/0/id").asLong();

        api.useToken(link(OTHER).get("access_token").asString());

        assertThat(api.get("/v5/organizations/passerelle-demo/checkout-intents/" + intentId).status()).isEqualTo(403);
        assertThat(api.post("/v5/organizations/passerelle-demo/checkout-intents", Api.checkoutBody(1000).toString()).status())
                .isEqualTo(403);
        assertThat(api.get("/v5/organizations/passerelle-demo/orders").status()).isEqualTo(403);
        assertThat(api.get("/v5/organizations/passerelle-demo/payments").status()).isEqualTo(403);
        assertThat(api.get("/v5/orders/" + orderId).status()).isEqualTo(403);
        assertThat(api.get("/v5/payments/" + paymentId).status()).isEqualTo(403);
        assertThat(api.post("/v5/payments/" + paymentId + "/refund", null).status()).isEqualTo(403);
        assertThat(api.post("/v5/orders/" + orderId + "/cancel", null).status()).isEqualTo(403);
        assertThat(api.put("/v5/partners/me/api-notifications/organizations/passerelle-demo",
                "{\"url\":\"http://127.0.0.1:9/n\"}").status()).isEqualTo(403);
        Api.Reply forbidden = api.get("/v5/orders/" + orderId);
        assertThat(forbidden.json().at("/errors/0/message").asString()).isEqualTo(ApiRoutes.FORBIDDEN_MESSAGE);

        // Its own organization is open to it.
        Api.Reply own = api.post("/v5/organizations/" + OTHER + "/checkout-intents", Api.checkoutBody(1000).toString());
        assertThat(own.status()).isEqualTo(200);
        assertThat(api.get("/v5/organizations/" + OTHER + "/checkout-intents/" + own.json().get("id").asLong()).status())
                .isEqualTo(200);
    }

    @Test
    void thePartnersOwnClientCredentialsReachNoOrganizationResource() {
        api.useToken(partnerToken());

        assertThat(api.get("/v5/organizations/passerelle-demo/orders").status()).isEqualTo(403);
        assertThat(api.post("/v5/organizations/passerelle-demo/checkout-intents", Api.checkoutBody(1000).toString()).status())
                .isEqualTo(403);
        assertThat(api.get("/v5/organizations/passerelle-demo").status()).isEqualTo(200); // public details
        assertThat(api.get("/v5/partners/me").status()).isEqualTo(200);
        assertThat(api.put("/v5/partners/me/api-notifications", "{\"url\":\"http://127.0.0.1:9/n\"}").status()).isEqualTo(200);
    }

    @Test
    void theLinkedOrganizationsAreListedOldestFirstWithUncountedPagination() {
        link(OTHER);
        link("passerelle-demo");
        api.useToken(partnerToken());

        JsonNode page = api.get("/v5/partners/me/organizations?pageSize=1").json();
        assertThat(page.at("/data/0/organization/organizationSlug").asString()).isEqualTo(OTHER);
        assertThat(page.at("/data/0/organization/name").asString()).isEqualTo("Club des échecs");
        assertThat(page.at("/data/0/availableAccessToken").asBoolean()).isTrue();
        assertThat(page.at("/pagination/totalCount").asInt()).isEqualTo(-1);
        assertThat(page.at("/pagination/totalPages").asInt()).isEqualTo(-1);

        String next = page.at("/pagination/continuationToken").asString();
        JsonNode second = api.get("/v5/partners/me/organizations?pageSize=1&continuationToken=" + next).json();
        assertThat(second.at("/data/0/organization/organizationSlug").asString()).isEqualTo("passerelle-demo");
        JsonNode third = api.get("/v5/partners/me/organizations?pageSize=1&continuationToken="
                + second.at("/pagination/continuationToken").asString()).json();
        assertThat(third.get("data").size()).isZero();
        assertThat(api.get("/v5/partners/me").json().at("/partnerStatistics/linkedOrganizationsCount").asInt()).isEqualTo(2);
    }

    @Test
    void anOrganizationWhoseTokensExpiredIsListedWithoutAvailableToken() {
        link(OTHER);
        emulator.control().advanceClock(Duration.ofDays(31));
        api.useToken(partnerToken());

        assertThat(api.get("/v5/partners/me/organizations").json().at("/data/0/availableAccessToken").asBoolean()).isFalse();
    }

    @Test
    void eachOrganizationsNotificationsGoToItsOwnUrl() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestURI().getPath() + " " + body);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
            String demoToken = link("passerelle-demo").get("access_token").asString();
            String otherToken = link(OTHER).get("access_token").asString();
            api.useToken(demoToken);
            assertThat(api.put("/v5/partners/me/api-notifications/organizations/passerelle-demo",
                    "{\"url\":\"" + base + "/demo\"}").json().get("signatureKey").asString()).hasSize(64);
            api.useToken(otherToken);
            assertThat(api.put("/v5/partners/me/api-notifications/organizations/" + OTHER,
                    "{\"url\":\"" + base + "/other\"}").status()).isEqualTo(200);

            long otherIntent = api.post("/v5/organizations/" + OTHER + "/checkout-intents", Api.checkoutBody(1000).toString())
                    .json().get("id").asLong();
            emulator.control().pay(otherIntent);

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
            assertThat(received).allSatisfy(line -> assertThat(line).startsWith("/other ").contains(OTHER));
            assertThat(received).noneMatch(line -> line.startsWith("/demo"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void theControlApiApprovesRefusesAndListsOverHttp() {
        emulator.control().reset();
        String control = emulator.baseUrl() + "/_emulator";
        assertThat(api.raw(HttpRequest.newBuilder(URI.create(control + "/partners/redirect-domain"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"domain\":\"127.0.0.1\"}"))).status()).isEqualTo(200);

        Api.Reply approved = api.raw(HttpRequest.newBuilder(URI.create(control + "/authorizations/approve"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + authorizeUrl("st") + "\",\"organization\":\"" + OTHER + "\"}")));
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().get("redirect").asString()).startsWith(REDIRECT + "?code=").endsWith("&state=st");
        Api.Reply refused = api.raw(HttpRequest.newBuilder(URI.create(control + "/authorizations/refuse"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + authorizeUrl("st") + "\"}")));
        assertThat(refused.json().get("redirect").asString()).isEqualTo(REDIRECT + "?error=access_denied&state=st");
        assertThat(api.raw(HttpRequest.newBuilder(URI.create(control + "/partners/linked-organizations"))).body())
                .isEqualTo("[\"" + OTHER + "\"]");
        assertThat(api.raw(HttpRequest.newBuilder(URI.create(control + "/authorizations/approve"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"http://x/\"}"))).status()).isEqualTo(400);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private URI authorizeUrl(String state) {
        return URI.create(emulator.authorizeUrl() + "?client_id=" + enc(emulator.partnerClientId()) + "&redirect_uri="
                + enc(REDIRECT) + "&code_challenge=" + CHALLENGE + "&code_challenge_method=S256&state=" + enc(state));
    }

    /** Links an organization and returns the token answer. */
    private JsonNode link(String organization) {
        Api.Reply reply = exchange(code(emulator.control().approveAuthorization(authorizeUrl("s"), organization)), VERIFIER,
                REDIRECT);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    private String partnerToken() {
        return api.clientCredentials(emulator.partnerClientId(), emulator.partnerClientSecret()).json()
                .get("access_token").asString();
    }

    private Api.Reply exchange(String code, String verifier, String redirectUri) {
        return api.tokenRequest(codeForm(code, verifier, redirectUri));
    }

    private Map<String, String> codeForm(String code, String verifier, String redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", emulator.partnerClientId());
        form.put("client_secret", emulator.partnerClientSecret());
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return form;
    }

    private Api.Reply refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", emulator.partnerClientId());
        form.put("client_secret", emulator.partnerClientSecret());
        form.put("refresh_token", refreshToken);
        return api.tokenRequest(form);
    }

    private static String code(URI callback) {
        for (String pair : callback.getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                return java.net.URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no code in " + callback);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
