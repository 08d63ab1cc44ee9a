package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.passerelle.helloasso.AuthorizationDeniedException;
import org.passerelle.helloasso.AuthorizationRequest;
import org.passerelle.helloasso.ForbiddenException;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.HelloAssoEnvironment;
import org.passerelle.helloasso.InvalidGrantException;
import org.passerelle.helloasso.InvalidRequestException;
import org.passerelle.helloasso.OrganizationNotLinkedException;
import org.passerelle.helloasso.OrganizationToken;
import org.passerelle.helloasso.OrganizationTokenStore;
import org.passerelle.helloasso.Partner;
import org.passerelle.helloasso.contract.HelloAssoContract;
import org.passerelle.helloasso.model.CheckoutIntentCreated;
import org.passerelle.helloasso.model.CheckoutIntentRequest;
import org.passerelle.helloasso.model.LinkedOrganization;
import org.passerelle.helloasso.model.NotificationUrl;

/**
 * The client's partner mode, over HTTP, against the emulator: linking organizations through the consent page, a
 * client per organization whose calls use that organization's token, refresh rotation persisted in the store, the
 * linked organizations, per-organization notification URLs. Every exchange is held to HelloAsso's OpenAPI spec.
 */
class PartnerClientAgainstEmulatorTest {

    static final HelloAssoContract CONTRACT = HelloAssoContract.open();
    static final ContractObserver OBSERVER = new ContractObserver(CONTRACT);
    static final String OTHER = "club-des-echecs";
    static final URI CALLBACK = URI.create("http://127.0.0.1:9/helloasso/callback");

    @RegisterExtension
    static HelloAssoEmulatorExtension helloAsso = new HelloAssoEmulatorExtension(EmulatorConfig.builder()
            .addOrganization(OTHER, "Club des échecs")
            .accessTokenTtl(Duration.ofMinutes(30))
            .build());

    HelloAssoEmulator emulator;
    /** Every save, in order, as a database would see them. */
    final List<OrganizationToken> saved = new CopyOnWriteArrayList<>();
    final Map<String, OrganizationToken> stored = new ConcurrentHashMap<>();
    HelloAssoClient partnerClient;
    Partner partner;

    @BeforeEach
    void partner() {
        emulator = helloAsso.emulator();
        emulator.control().stopObserving(OBSERVER).observe(OBSERVER);
        partnerClient = HelloAssoClient.builder()
                .environment(HelloAssoEnvironment.custom(emulator.baseUrl()))
                .clientId(emulator.partnerClientId()).clientSecret(emulator.partnerClientSecret())
                .clock(emulatorClock())
                .sleeper(d -> { })
                .organizationTokenStore(new OrganizationTokenStore() {
                    @Override
                    public Optional<OrganizationToken> load(String slug) {
                        return Optional.ofNullable(stored.get(slug));
                    }

                    @Override
                    public void save(OrganizationToken token) {
                        saved.add(token);
                        stored.put(token.organizationSlug(), token);
                    }
                })
                .build();
        partner = partnerClient.partner();
        partner.setRedirectDomain("http://127.0.0.1:9");
    }

    @AfterEach
    void everyExchangeFollowedTheSpec() {
        CONTRACT.assertNoViolations();
    }

    @AfterAll
    static void thePartnerOperationsWereChecked() {
        System.out.println(CONTRACT.summary());
        if (CONTRACT.enabled()) {
            assertThat(CONTRACT.validated().keySet()).contains("PUT /partners/me/api-clients",
                    "GET /partners/me/organizations",
                    "PUT /partners/me/api-notifications/organizations/{organizationSlug}",
                    "POST /organizations/{organizationSlug}/checkout-intents");
        }
    }

    @Test
    void linksAnOrganizationAndActsForItWithItsOwnToken() {
        AuthorizationRequest pending = partner.authorizationRequest(CALLBACK);
        assertThat(pending.url().toString()).startsWith(emulator.authorizeUrl() + "?client_id=emulator-partner-id&redirect_uri=")
                .contains("code_challenge_method=S256", "state=" + pending.state())
                .doesNotContain(pending.codeVerifier());

        OrganizationToken token = link(pending, OTHER);

        assertThat(token.organizationSlug()).isEqualTo(OTHER);
        assertThat(saved).containsExactly(token);
        HelloAssoClient club = partner.organization(OTHER);
        CheckoutIntentCreated created = club.checkoutIntents().create(OTHER, request());
        assertThat(club.checkoutIntents().get(OTHER, created.id()).id()).isEqualTo(created.id());
        // The same client cannot reach an organization it was not linked for.
        assertThatThrownBy(() -> club.checkoutIntents().create(emulator.organizationSlug(), request()))
                .isInstanceOf(ForbiddenException.class);
        assertThat(partner.organization(OTHER)).isSameAs(club);
    }

    @Test
    void thePartnersOwnCredentialsDoNotReachAnOrganization() {
        assertThatThrownBy(() -> partnerClient.checkoutIntents().create(OTHER, request()))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void aRefusalIsReportedAndLinksNothing() {
        AuthorizationRequest pending = partner.authorizationRequest(CALLBACK);
        Map<String, String> callback = query(emulator.control().refuseAuthorization(pending.url()));

        assertThatThrownBy(() -> partner.completeAuthorization(pending, callback.get("state"), callback.get("code"),
                callback.get("error")))
                .isInstanceOfSatisfying(AuthorizationDeniedException.class, e -> assertThat(e.error()).isEqualTo("access_denied"));
        assertThat(saved).isEmpty();
    }

    @Test
    void aCallbackWithAnotherStateIsRefusedBeforeTheCodeIsSpent() {
        AuthorizationRequest pending = partner.authorizationRequest(CALLBACK);
        Map<String, String> callback = query(emulator.control().approveAuthorization(pending.url(), OTHER));

        assertThatThrownBy(() -> partner.completeAuthorization(pending, "forged", callback.get("code"), null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("state"));
        // The code was not spent: the genuine callback still works.
        assertThat(partner.completeAuthorization(pending, callback.get("state"), callback.get("code"), null)
                .organizationSlug()).isEqualTo(OTHER);
    }

    @Test
    void aCodeUsedTwiceOrWithAnotherVerifierIsAnInvalidGrant() {
        AuthorizationRequest pending = partner.authorizationRequest(CALLBACK);
        Map<String, String> callback = query(emulator.control().approveAuthorization(pending.url(), OTHER));
        AuthorizationRequest otherVerifier = new AuthorizationRequest(pending.url(), pending.redirectUri(), pending.state(),
                partner.authorizationRequest(CALLBACK).codeVerifier());

        assertThatThrownBy(() -> partner.completeAuthorization(otherVerifier, callback.get("state"), callback.get("code"), null))
                .isInstanceOfSatisfying(InvalidGrantException.class, e -> assertThat(e.error()).isEqualTo("invalid_grant"));
        assertThatThrownBy(() -> partner.completeAuthorization(pending, callback.get("state"), callback.get("code"), null))
                .isInstanceOf(InvalidGrantException.class);
        assertThat(saved).isEmpty();
    }

    @Test
    void anExpiredAccessTokenIsRefreshedAndTheRotatedRefreshTokenIsStoredBeforeUse() {
        link(partner.authorizationRequest(CALLBACK), OTHER);
        HelloAssoClient club = partner.organization(OTHER);
        String firstRefresh = stored.get(OTHER).refreshToken();

        emulator.control().advanceClock(Duration.ofMinutes(31));
        club.orders().list(OTHER, null).data();

        assertThat(saved).hasSize(2);
        String secondRefresh = stored.get(OTHER).refreshToken();
        assertThat(secondRefresh).isNotEqualTo(firstRefresh);

        emulator.control().advanceClock(Duration.ofMinutes(31));
        club.orders().list(OTHER, null).data();
        assertThat(saved).hasSize(3);
        assertThat(stored.get(OTHER).refreshToken()).isNotIn(firstRefresh, secondRefresh);
    }

    @Test
    void aStoredRefreshTokenThatWasAlreadyUsedMeansLinkingAgain() {
        link(partner.authorizationRequest(CALLBACK), OTHER);
        OrganizationToken original = stored.get(OTHER);
        emulator.control().advanceClock(Duration.ofMinutes(31));
        partner.organization(OTHER).orders().list(OTHER, null);

        // A store that lost the rotated token (restored from an old backup) still has the spent one.
        stored.put(OTHER, original);
        emulator.control().advanceClock(Duration.ofMinutes(31)); // the token in hand goes stale: the store is read
        assertThatThrownBy(() -> partner.organization(OTHER).orders().list(OTHER, null))
                .isInstanceOf(InvalidGrantException.class);
    }

    @Test
    void anOrganizationThatWasNeverLinkedSaysSo() {
        assertThatThrownBy(() -> partner.organization("never-linked").orders().list("never-linked", null))
                .isInstanceOfSatisfying(OrganizationNotLinkedException.class,
                        e -> assertThat(e.organizationSlug()).isEqualTo("never-linked"));
    }

    @Test
    void listsTheLinkedOrganizationsAcrossPages() {
        link(partner.authorizationRequest(CALLBACK), OTHER);
        link(partner.authorizationRequest(CALLBACK), emulator.organizationSlug());

        List<LinkedOrganization> linked = partner.linkedOrganizations().stream().toList();

        assertThat(linked).extracting(l -> l.organization().organizationSlug())
                .containsExactly(OTHER, emulator.organizationSlug());
        assertThat(linked).allMatch(LinkedOrganization::availableAccessToken);
        assertThat(linked.getFirst().organization().name()).isEqualTo("Club des échecs");
    }

    @Test
    void setsEachOrganizationsNotificationUrlWithItsToken() {
        link(partner.authorizationRequest(CALLBACK), OTHER);

        NotificationUrl url = partner.organization(OTHER).notificationUrls()
                .setForOrganization(OTHER, "http://127.0.0.1:9/helloasso/notifications/" + OTHER, null);

        assertThat(url.signatureKey()).hasSize(64);
        assertThat(url.toString()).doesNotContain(url.signatureKey());
        // Without the organization's token the partner may not.
        assertThatThrownBy(() -> partnerClient.notificationUrls().setForOrganization(OTHER, "http://127.0.0.1:9/x", null))
                .isInstanceOf(ForbiddenException.class);
        partner.organization(OTHER).notificationUrls().deleteForOrganization(OTHER, null);
    }

    @Test
    void tokensNeverShowInToString() {
        OrganizationToken token = link(partner.authorizationRequest(CALLBACK), OTHER);
        AuthorizationRequest pending = partner.authorizationRequest(CALLBACK);

        assertThat(token.toString()).doesNotContain(token.accessToken(), token.refreshToken());
        assertThat(pending.toString()).doesNotContain(pending.codeVerifier());
        assertThat(partner.toString()).doesNotContain(emulator.partnerClientSecret());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private OrganizationToken link(AuthorizationRequest pending, String organization) {
        Map<String, String> callback = query(emulator.control().approveAuthorization(pending.url(), organization));
        return partner.completeAuthorization(pending, callback.get("state"), callback.get("code"), callback.get("error"));
    }

    private static CheckoutIntentRequest request() {
        return CheckoutIntentRequest.builder()
                .itemName("Cotisation")
                .amount(2500)
                .backUrl("http://127.0.0.1:9/back")
                .errorUrl("http://127.0.0.1:9/error")
                .returnUrl("http://127.0.0.1:9/return")
                .build();
    }

    private static Map<String, String> query(URI callback) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (String pair : callback.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }

    private java.time.Clock emulatorClock() {
        EmulatorControl control = emulator.control();
        return new java.time.Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public java.time.Instant instant() { return control.now(); }
        };
    }
}
