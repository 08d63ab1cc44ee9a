package org.passerelle.gateway.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.linking.OrganizationLinking;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.passerelle.gateway.secret.SecretBox;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.HelloAssoEnvironment;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Partner mode end to end over HTTP, one emulator serving two associations: the admin links the second one from the
 * console, HelloAsso (the emulator's consent page) approves, and Passerelle records it, keeps its token sealed and
 * sets its notification URL. A refusal, a replayed callback and a forged one record nothing.
 */
class OrganizationsIT extends GatewayTestSupport {

    @Autowired
    SecretBox box;
    @Autowired
    NotificationSecrets notificationSecrets;

    private long rows(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    /** The admin clicks "Link an association": the gateway sends the browser to HelloAsso's authorization page. */
    private URI startLinking(Browser admin) {
        Browser.Page page = admin.get("/admin/organizations");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"link-organization\"");
        Browser.Page started = admin.post("/admin/organizations/link", Map.of());
        assertThat(started.status()).as(started.body()).isEqualTo(303);
        URI authorize = started.next();
        assertThat(authorize.getPort()).as("the emulator's authorization page").isEqualTo(emulator().port());
        assertThat(authorize.getQuery()).contains("code_challenge=").contains("state=")
                .doesNotContain("code_verifier");
        return authorize;
    }

    private static String flash(Browser.Page page) {
        int start = page.body().indexOf("id=\"flash\"");
        assertThat(start).as("a message on the page").isPositive();
        return page.body().substring(start, page.body().indexOf("</div>", start));
    }

    @Test
    void anAdminLinksASecondAssociation() {
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        // the configured organization is listed from the start
        assertThat(admin.get("/admin/organizations").body()).contains("data-organization=\"" + emulator().organizationSlug() + "\"")
                .contains("Compte configuré");

        URI callback = emulator().control().approveAuthorization(startLinking(admin), OTHER_ORGANIZATION);
        Browser.Page back = admin.get(callback);
        assertThat(back.status()).isEqualTo(303);
        Browser.Page page = admin.follow(back);
        assertThat(flash(page)).contains("L&#39;association club-voisin est liée");
        assertThat(page.body()).contains("data-organization=\"" + OTHER_ORGANIZATION + "\"")
                .contains("Liée (mode partenaire)");

        // its token is kept sealed: nothing of the plaintext in the columns
        Map<String, Object> token = jdbc.sql("SELECT * FROM organization_tokens WHERE organization_slug = :slug")
                .param("slug", OTHER_ORGANIZATION).query().singleRow();
        String access = box.open((String) token.get("access_token"));
        String refresh = box.open((String) token.get("refresh_token"));
        assertThat((String) token.get("access_token")).startsWith("v1:").doesNotContain(access);
        assertThat((String) token.get("refresh_token")).startsWith("v1:").doesNotContain(refresh);
        assertThat(jdbc.sql("SELECT notification_signature_key FROM organizations WHERE slug = :slug")
                .param("slug", OTHER_ORGANIZATION).query(String.class).single()).startsWith("v1:");

        // its notification URL is set at HelloAsso for that organization: its events reach this Passerelle
        assertThat(emulator().control().calls()).anySatisfy(call -> {
            assertThat(call.operation()).isEqualTo("notificationUrls.set");
            assertThat(call.path()).endsWith("/api-notifications/organizations/" + OTHER_ORGANIZATION);
            assertThat(call.status()).isEqualTo(200);
        });
        // (signed with that organization's own key, which Passerelle accepts: not a forged notification)
        long badSignatures = jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'fraud.notification_signature'")
                .query(Long.class).single();
        emulator().control().notifyForm(OTHER_ORGANIZATION, "Event", "soiree-" + System.nanoTime(), "Soirée");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(emulator().control()
                .deliveredNotifications()).anySatisfy(delivered -> {
                    assertThat(delivered.url()).isEqualTo(notificationSecrets.notificationUrl());
                    assertThat(delivered.eventType()).isEqualTo("Form");
                    assertThat(delivered.body()).contains(OTHER_ORGANIZATION);
                    assertThat(delivered.status()).isEqualTo(200);
                }));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'fraud.notification_signature'")
                .query(Long.class).single()).isEqualTo(badSignatures);

        // after a restart, a new store reads the token, and the partner acts for the association with it
        DatabaseOrganizationTokens afterRestart = new DatabaseOrganizationTokens(jdbc, box, new UtcClock(Clock.systemUTC()));
        assertThat(afterRestart.load(OTHER_ORGANIZATION)).get()
                .satisfies(t -> assertThat(t.refreshToken()).isEqualTo(refresh));
        HelloAssoClient partner = HelloAssoClient.builder()
                .environment(HelloAssoEnvironment.custom(emulator().baseUrl()))
                .clientId(emulator().partnerClientId()).clientSecret(emulator().partnerClientSecret())
                .organizationTokenStore(afterRestart).build();
        assertThat(partner.partner().organization(OTHER_ORGANIZATION).organizations().get(OTHER_ORGANIZATION)
                .organizationSlug()).isEqualTo(OTHER_ORGANIZATION);

        // the same callback again (a replay) is refused and changes nothing
        Object storedBefore = jdbc.sql("SELECT access_token FROM organization_tokens WHERE organization_slug = :slug")
                .param("slug", OTHER_ORGANIZATION).query(String.class).single();
        long linkedBefore = rows("organizations");
        Browser.Page replayed = admin.follow(admin.get(callback));
        assertThat(flash(replayed)).contains("ne correspond à aucune liaison en cours");
        assertThat(rows("organizations")).isEqualTo(linkedBefore);
        assertThat(jdbc.sql("SELECT access_token FROM organization_tokens WHERE organization_slug = :slug")
                .param("slug", OTHER_ORGANIZATION).query(String.class).single()).isEqualTo(storedBefore);
    }

    @Test
    void aRefusedConsentRecordsNothing() {
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        long organizations = rows("organizations");
        long tokens = rows("organization_tokens");

        URI callback = emulator().control().refuseAuthorization(startLinking(admin));
        assertThat(callback.getQuery()).contains("error=access_denied");
        Browser.Page page = admin.follow(admin.get(callback));

        assertThat(flash(page)).contains("La liaison a été refusée sur HelloAsso");
        assertThat(rows("organizations")).isEqualTo(organizations);
        assertThat(rows("organization_tokens")).isEqualTo(tokens);
    }

    @Test
    void aForgedCallbackRecordsNothingAndSpendsNoCode() {
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        URI authorize = startLinking(admin);
        long organizations = rows("organizations");
        long tokens = rows("organization_tokens");
        long exchanges = emulator().control().callCount("token");

        // a real code, for this very request, but returned with another state (a forged link sent to the admin)
        URI approved = emulator().control().approveAuthorization(authorize, OTHER_ORGANIZATION);
        String forged = approved.toString().replaceAll("state=[^&]+", "state=forged-state");
        Browser.Page page = admin.follow(admin.get(URI.create(forged)));
        assertThat(flash(page)).contains("ne correspond à aucune liaison en cours");
        // nor does another admin session's callback work here
        Browser other = admin(ADMIN, ADMIN_PASSWORD);
        assertThat(flash(other.follow(other.get(approved)))).contains("ne correspond à aucune liaison en cours");

        assertThat(rows("organizations")).isEqualTo(organizations);
        assertThat(rows("organization_tokens")).isEqualTo(tokens);
        assertThat(emulator().control().callCount("token")).as("no code exchanged").isEqualTo(exchanges);
    }

    @Test
    void aLinkLeftPendingTooLongIsRefused() {
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        URI authorize = startLinking(admin);
        long organizations = rows("organizations");
        long tokens = rows("organization_tokens");

        clock.advance(OrganizationLinking.PENDING_LIFETIME.plusMinutes(1));
        URI callback = emulator().control().approveAuthorization(authorize, OTHER_ORGANIZATION);
        assertThat(flash(admin.follow(admin.get(callback)))).contains("ne correspond à aucune liaison en cours");

        assertThat(rows("organizations")).isEqualTo(organizations);
        assertThat(rows("organization_tokens")).isEqualTo(tokens);
    }

    @Test
    void aViewerSeesTheAssociationsButCannotLinkOne() {
        Browser viewer = admin(VIEWER, VIEWER_PASSWORD);
        Browser.Page page = viewer.get("/admin/organizations");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-organization=\"" + emulator().organizationSlug() + "\"")
                .doesNotContain("id=\"link-organization\"");
        assertThat(viewer.post("/admin/organizations/link", Map.of()).status()).isEqualTo(403);
        assertThat(viewer.get("/admin/organizations/callback?state=x&code=y").status()).isEqualTo(403);
    }
}
