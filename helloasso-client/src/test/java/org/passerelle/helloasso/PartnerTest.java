package org.passerelle.helloasso;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.model.LinkedOrganization;

/** Partner mode against a stand-in HelloAsso: the authorize URL, the code exchange, per-organization tokens. */
class PartnerTest extends WireMockSupport {
    static final URI CALLBACK = URI.create("https://pay.example.org/helloasso/callback");
    static final String CLUB = "club-des-echecs";

    OrganizationTokenStore store;
    Partner partner;

    @BeforeEach
    void partner() {
        store = OrganizationTokenStore.inMemory();
        client = clientBuilder().organizationTokenStore(store).build();
        partner = client.partner();
    }

    @Test
    void pkceFollowsRfc7636() {
        // RFC 7636, appendix B.
        assertThat(Pkce.fromVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").challenge())
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        Pkce generated = Pkce.generate();
        assertThat(generated.verifier()).matches("[A-Za-z0-9_-]{43}");
        assertThat(generated.challenge()).isEqualTo(Pkce.challengeOf(generated.verifier()));
        assertThat(generated.toString()).doesNotContain(generated.verifier());
        assertThatThrownBy(() -> Pkce.fromVerifier("too-short")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void theAuthorizePageIsOnHelloAssosAuthHost() {
        assertThat(HelloAssoEnvironment.PRODUCTION.authorizeUrl()).hasToString("https://auth.helloasso.com/authorize");
        assertThat(HelloAssoEnvironment.SANDBOX.authorizeUrl()).hasToString("https://auth.helloasso-sandbox.com/authorize");
        assertThat(HelloAssoEnvironment.custom(URI.create("http://127.0.0.1:8081")).authorizeUrl())
                .hasToString("http://127.0.0.1:8081/authorize");
    }

    @Test
    void theAuthorizationRequestCarriesClientRedirectChallengeAndState() {
        AuthorizationRequest pending = partner.authorizationRequest(CALLBACK);

        assertThat(pending.url().getPath()).isEqualTo("/authorize");
        assertThat(pending.url().getQuery()).isEqualTo("client_id=" + CLIENT_ID + "&redirect_uri=" + CALLBACK
                + "&code_challenge=" + Pkce.challengeOf(pending.codeVerifier()) + "&code_challenge_method=S256&state="
                + pending.state());
        assertThat(pending.url().toString()).doesNotContain(pending.codeVerifier(), CLIENT_SECRET);
        assertThat(pending.state()).hasSizeBetween(16, 500);
        assertThat(partner.authorizationRequest(CALLBACK).state()).isNotEqualTo(pending.state());
    }

    @Test
    void productionWantsAnHttpsRedirect() {
        Partner production = HelloAssoClient.builder().environment(HelloAssoEnvironment.PRODUCTION)
                .clientId(CLIENT_ID).clientSecret(CLIENT_SECRET).build().partner();

        assertThatThrownBy(() -> production.authorizationRequest(URI.create("http://pay.example.org/cb")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("redirectUri"));
    }

    @Test
    void theCodeIsExchangedWithTheVerifierAndTheTokensAreStored() {
        AuthorizationRequest pending = partner.authorizationRequest(CALLBACK);
        server.stubFor(post(urlEqualTo("/oauth2/token")).withFormParam("grant_type", equalTo("authorization_code"))
                .willReturn(json(orgTokenBody("org-access-1", "org-refresh-1", 1800))));

        OrganizationToken token = partner.completeAuthorization(pending, pending.state(), "the-code", null);

        server.verify(postRequestedFor(urlEqualTo("/oauth2/token"))
                .withFormParam("client_id", equalTo(CLIENT_ID))
                .withFormParam("client_secret", equalTo(CLIENT_SECRET))
                .withFormParam("code", equalTo("the-code"))
                .withFormParam("redirect_uri", equalTo(CALLBACK.toString()))
                .withFormParam("code_verifier", equalTo(pending.codeVerifier())));
        assertThat(token.organizationSlug()).isEqualTo(CLUB);
        assertThat(token.expiresAt()).isEqualTo(clock.instant().plusSeconds(1800));
        assertThat(store.load(CLUB)).contains(token);
        assertThat(token.toString()).doesNotContain("org-access-1", "org-refresh-1");
    }

    @Test
    void aRefusedCodeIsAnInvalidGrantAndNothingIsStored() {
        AuthorizationRequest pending = partner.authorizationRequest(CALLBACK);
        server.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"code already used\"}")));

        assertThatThrownBy(() -> partner.completeAuthorization(pending, pending.state(), "used-code", null))
                .isInstanceOfSatisfying(InvalidGrantException.class, e -> {
                    assertThat(e.error()).isEqualTo("invalid_grant");
                    assertThat(e.getMessage()).doesNotContain(pending.codeVerifier(), CLIENT_SECRET);
                });
        assertThat(store.load(CLUB)).isEmpty();
    }

    @Test
    void theCodeExchangeIsNeverRetriedBecauseACodeWorksOnce() {
        AuthorizationRequest pending = partner.authorizationRequest(CALLBACK);
        server.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> partner.completeAuthorization(pending, pending.state(), "the-code", null))
                .isInstanceOf(ServerErrorException.class);
        server.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
        assertThat(sleeper.sleeps).isEmpty();
    }

    @Test
    void wrongClientCredentialsStayAnAuthenticationErrorNotAnInvalidGrant() {
        server.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"access_denied\"}")));

        assertThatThrownBy(() -> client.organizations().get(ORG))
                .isInstanceOf(AuthenticationException.class)
                .isNotInstanceOf(InvalidGrantException.class);
    }

    @Test
    void aForgedStateOrAMissingCodeSendsNothing() {
        AuthorizationRequest pending = partner.authorizationRequest(CALLBACK);

        assertThatThrownBy(() -> partner.completeAuthorization(pending, "forged", "code", null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("state"));
        assertThatThrownBy(() -> partner.completeAuthorization(pending, pending.state(), null, "access_denied"))
                .isInstanceOf(AuthorizationDeniedException.class);
        assertThatThrownBy(() -> partner.completeAuthorization(pending, pending.state(), " ", null))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void anOrganizationsCallsCarryItsTokenAndRefreshRotatesIt() {
        store.save(new OrganizationToken(CLUB, "org-access-1", "org-refresh-1", clock.instant(),
                clock.instant().plusSeconds(1800)));
        server.stubFor(get(urlPathEqualTo("/v5/organizations/" + CLUB))
                .willReturn(json("{\"name\":\"Club\",\"organizationSlug\":\"" + CLUB + "\"}")));
        server.stubFor(post(urlEqualTo("/oauth2/token")).withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("refresh_token", equalTo("org-refresh-1"))
                .willReturn(json(orgTokenBody("org-access-2", "org-refresh-2", 1800))));
        HelloAssoClient club = partner.organization(CLUB);

        club.organizations().get(CLUB);
        clock.advance(Duration.ofMinutes(30));
        club.organizations().get(CLUB);

        List<String> bearers = server.findAll(getRequestedFor(urlPathEqualTo("/v5/organizations/" + CLUB))).stream()
                .map(r -> r.getHeader("Authorization")).toList();
        assertThat(bearers).containsExactly("Bearer org-access-1", "Bearer org-access-2");
        OrganizationToken rotated = store.load(CLUB).orElseThrow();
        assertThat(rotated.refreshToken()).isEqualTo("org-refresh-2");
        assertThat(rotated.accessToken()).isEqualTo("org-access-2");
        server.verify(0, postRequestedFor(urlEqualTo("/oauth2/token"))
                .withFormParam("grant_type", equalTo("client_credentials")));
    }

    @Test
    void anOrganizationsCallsAreHeardByItsListenerView() {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        HelloAssoListener listener = new HelloAssoListener() {
            @Override
            public void onResponse(String operation, String method, String path, int status, Duration duration) {
                heard.add("partner " + operation);
            }

            @Override
            public HelloAssoListener forOrganization(String organizationSlug) {
                return new HelloAssoListener() {
                    @Override
                    public void onResponse(String operation, String method, String path, int status, Duration duration) {
                        heard.add(organizationSlug + " " + operation + " " + status);
                    }
                };
            }
        };
        Partner observed = clientBuilder().organizationTokenStore(store).listener(listener).build().partner();
        store.save(new OrganizationToken(CLUB, "org-access-1", "org-refresh-1", clock.instant(),
                clock.instant().plusSeconds(1800)));
        server.stubFor(get(urlPathEqualTo("/v5/organizations/" + CLUB))
                .willReturn(json("{\"name\":\"Club\",\"organizationSlug\":\"" + CLUB + "\"}")));

        observed.organization(CLUB).organizations().get(CLUB);

        assertThat(heard).containsExactly(CLUB + " organizations.get 200");
    }

    @Test
    void theStoreIsReadAgainOnlyWhenTheTokenInHandIsNoLongerFresh() {
        java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        OrganizationTokenStore memory = OrganizationTokenStore.inMemory();
        OrganizationTokenStore counting = new OrganizationTokenStore() {
            @Override
            public java.util.Optional<OrganizationToken> load(String slug) {
                loads.incrementAndGet();
                return memory.load(slug);
            }

            @Override
            public void save(OrganizationToken token) {
                memory.save(token);
            }
        };
        memory.save(new OrganizationToken(CLUB, "org-access-1", "org-refresh-1", clock.instant(), clock.instant().plusSeconds(1800)));
        server.stubFor(get(urlPathEqualTo("/v5/organizations/" + CLUB))
                .willReturn(json("{\"name\":\"Club\",\"organizationSlug\":\"" + CLUB + "\"}")));
        HelloAssoClient club = clientBuilder().organizationTokenStore(counting).build().partner().organization(CLUB);

        club.organizations().get(CLUB);
        club.organizations().get(CLUB);
        club.organizations().get(CLUB);
        assertThat(loads).hasValue(1);

        // Linked again elsewhere (a new token in the store): seen once the one in hand is stale.
        memory.save(new OrganizationToken(CLUB, "org-access-9", "org-refresh-9", clock.instant(), clock.instant().plusSeconds(3600)));
        clock.advance(Duration.ofMinutes(29).plusSeconds(30));
        club.organizations().get(CLUB);
        assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/v5/organizations/" + CLUB))).getLast()
                .getHeader("Authorization")).isEqualTo("Bearer org-access-9");
        assertThat(loads).hasValue(2);
    }

    @Test
    void aTokenRefusedBeforeItsExpiryIsRefreshedOnce() {
        store.save(new OrganizationToken(CLUB, "revoked", "org-refresh-1", clock.instant(), clock.instant().plusSeconds(1800)));
        server.stubFor(get(urlPathEqualTo("/v5/organizations/" + CLUB)).withHeader("Authorization", equalTo("Bearer revoked"))
                .willReturn(aResponse().withStatus(401)));
        server.stubFor(get(urlPathEqualTo("/v5/organizations/" + CLUB)).withHeader("Authorization", equalTo("Bearer org-access-2"))
                .willReturn(json("{\"name\":\"Club\",\"organizationSlug\":\"" + CLUB + "\"}")));
        server.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(json(orgTokenBody("org-access-2", "org-refresh-2", 1800))));

        assertThat(partner.organization(CLUB).organizations().get(CLUB).name()).isEqualTo("Club");
        assertThat(store.load(CLUB).orElseThrow().refreshToken()).isEqualTo("org-refresh-2");
    }

    @Test
    void aDeadRefreshTokenIsAnInvalidGrantForThatOrganization() {
        store.save(new OrganizationToken(CLUB, "old", "spent", Instant.EPOCH, clock.instant().minusSeconds(1)));
        server.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"access_denied\"}")));

        assertThatThrownBy(() -> partner.organization(CLUB).organizations().get(CLUB))
                .isInstanceOf(InvalidGrantException.class);
        assertThatThrownBy(() -> partner.organization("never").organizations().get("never"))
                .isInstanceOf(OrganizationNotLinkedException.class);
    }

    @Test
    void linkedOrganizationsFollowTheContinuationTokenOfAnUncountedList() {
        stubToken();
        server.stubFor(get(urlEqualTo("/v5/partners/me/organizations")).willReturn(json("""
                {"data":[{"organization":{"name":"Club","organizationSlug":"club","city":"Lyon"},"availableAccessToken":true}],
                 "pagination":{"pageSize":1,"totalCount":-1,"pageIndex":-1,"totalPages":-1,"continuationToken":"next"}}""")));
        server.stubFor(get(urlEqualTo("/v5/partners/me/organizations?continuationToken=next")).willReturn(json("""
                {"data":[],"pagination":{"pageSize":1,"totalCount":-1,"pageIndex":-1,"totalPages":-1,"continuationToken":"after"}}""")));

        List<LinkedOrganization> linked = partner.linkedOrganizations().stream().toList();

        assertThat(linked).containsExactly(new LinkedOrganization(
                new org.passerelle.helloasso.model.Organization("Club", "club", null), true));
    }

    @Test
    void theRedirectDomainIsRegisteredWithThePartnersCredentials() {
        stubToken();
        server.stubFor(put(urlEqualTo("/v5/partners/me/api-clients")).willReturn(aResponse().withStatus(200)));

        partner.setRedirectDomain("https://pay.example.org");

        server.verify(putRequestedFor(urlEqualTo("/v5/partners/me/api-clients"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .withRequestBody(equalToJson("{\"domain\":\"https://pay.example.org\"}")));
    }

    @Test
    void anOrganizationsClientIsNoPartner() {
        assertThatThrownBy(() -> partner.organization(CLUB).partner()).isInstanceOf(IllegalStateException.class);
    }

    static String orgTokenBody(String accessToken, String refreshToken, int expiresIn) {
        return """
                {"access_token":"%s","refresh_token":"%s","token_type":"bearer","expires_in":%d,"organization_slug":"%s"}"""
                .formatted(accessToken, refreshToken, expiresIn, CLUB);
    }
}
