package org.passerelle.gateway.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.offer.ConsoleOffers;
import org.passerelle.gateway.offer.Offer;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.MappedRoutes;
import org.passerelle.gateway.support.MappedRoutes.Route;
import org.passerelle.gateway.support.Payer;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The console's side of {@link OrganizationIsolationIT}: two organizations on one emulator (the configured one and an
 * association linked in partner mode), each with a paid order, its webhook delivery and fulfilment, an API key and
 * its endpoint, and a console offer; and one console user ADMIN of each organization only. Every console route the
 * application maps under /admin (read from Spring's handler mapping, so a route added later is covered), called by
 * one organization's ADMIN with each path variable aimed at the other's things: refused without a redirect (404, or
 * 403 for the installation's own pages), nothing of the other's order, reference, payer, offer, key or endpoint in
 * any answer, and nothing of the other's changed. The same user reaches its own organization's order, so the 404s are
 * about the scope, not about a wrong id.
 */
class ConsoleIsolationIT extends GatewayTestSupport {

    private static final String PASSWORD = "a long console passphrase";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    WebhookEndpoints endpoints;
    @Autowired
    ConsoleOffers offers;
    @Autowired
    PasswordEncoder encoder;

    /** One organization's things, and the console user who is ADMIN of it only. */
    record Tenant(String label, String slug, String user, ApiKeys.CreatedKey key, String orderId, String reference,
            String email, String endpointId, String endpointUrl, String offerId, long deliveryId, long fulfilmentId,
            long moodleEnrolmentId) {

        List<String> secrets() {
            return List.of(orderId, reference, email, endpointUrl, offerId, key.id(), key.name());
        }
    }

    private Tenant configured;
    private Tenant linked;

    @BeforeEach
    void twoOrganizationsWithAnAdminEach() {
        linkOtherOrganization();
        long n = System.nanoTime();
        configured = tenant("configured", null, n);
        linked = tenant("linked", OTHER_ORGANIZATION, n);
        assertThat(order(configured.orderId()).organizationSlug()).isEqualTo(configured.slug());
        assertThat(order(linked.orderId()).organizationSlug()).isEqualTo(OTHER_ORGANIZATION);
    }

    private Tenant tenant(String label, String organization, long n) {
        String slug = organization == null ? emulator().organizationSlug() : organization;
        ApiKeys.CreatedKey key = apiKeys.create("console isolation " + label + " " + n, organization, "test");
        String url = "http://127.0.0.1:9/console-hooks/" + label + "-" + n;
        String endpointId = endpoints.add(url, Set.of(), key.id(), "test").id();
        String offerId = "console-iso-" + label + "-" + n;
        assertThat(offers.create(new Offer(offerId, "Offer " + offerId, "", 1500, 100, false, false, false, 1,
                Offer.Source.CONSOLE, false, 0, List.of(), organization), "test"))
                .isEqualTo(ConsoleOffers.Outcome.DONE);
        String reference = "console-iso-" + label + "-" + n;
        String email = "console-" + label + "-" + n + "@example.org";
        Map<String, Object> body = ApiClient.order(reference, 3000);
        body.put("payer", Map.of("firstName", "Marie", "lastName", "Curie", "email", email));
        ApiClient.Response created = new ApiClient(port, key.secret()).post("/api/v1/orders", body);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String orderId = created.body().get("id").asString();
        Payer payer = new Payer(URI.create("http://localhost:" + port));
        payer.browser().get(payer.payAtHelloAsso(URI.create(created.body().get("checkoutUrl").asString()), email));
        await().atMost(Duration.ofSeconds(10)).until(() -> order(orderId).status() == OrderStatus.PAID);
        await().atMost(Duration.ofSeconds(10)).until(() -> !idsOf("webhook_deliveries", orderId).isEmpty());
        String user = "console-" + label + "-" + (n % 1_000_000);
        jdbc.sql("INSERT INTO admin_accounts (username, password_hash, role, super_admin, created_at)"
                        + " VALUES (:user, :hash, 'ADMIN', FALSE, :now)")
                .param("user", user).param("hash", encoder.encode(PASSWORD)).param("now", OffsetDateTime.now())
                .update();
        jdbc.sql("INSERT INTO admin_account_organizations (username, organization_slug, role)"
                        + " VALUES (:user, :slug, 'ADMIN')")
                .param("user", user).param("slug", slug).update();
        // a Moodle enrolment of the organization's own site, stopped for an administrator
        long fulfilmentId = idsOf("fulfilments", orderId).getFirst();
        jdbc.sql("INSERT INTO moodle_enrolments (fulfilment_id, order_id, course_id, email, status, attempts, problem,"
                        + " next_attempt_at, created_at, role_id, made_enrolment, moodle_site) VALUES (:fulfilment,"
                        + " :order, 4242, :email, 'NEEDS_ADMIN', 1, 'EMAIL_REFUSED', :now, :now, 5, FALSE, :site)")
                .param("fulfilment", fulfilmentId).param("order", orderId).param("email", email)
                .param("now", OffsetDateTime.now()).param("site", organization == null ? "" : organization).update();
        return new Tenant(label, slug, user, key, orderId, reference, email, endpointId, url, offerId,
                idsOf("webhook_deliveries", orderId).getFirst(), fulfilmentId, idsOf("moodle_enrolments", orderId).getFirst());
    }

    private List<Long> idsOf(String table, String orderId) {
        return jdbc.sql("SELECT id FROM " + table + " WHERE order_id = :id ORDER BY id").param("id", orderId)
                .query(Long.class).list();
    }

    /**
     * The route's path aimed at {@code victim}'s things, by the route's first segment after {@code /admin} and the
     * variable's name (a new kind of path variable must be taught here).
     */
    private static String aimedAt(Route route, Tenant victim) {
        return route.aimed((aimed, name) -> switch (aimed.section(2) + "." + name) {
            case "orders.id" -> victim.orderId();
            case "orders.fulfilmentId" -> String.valueOf(victim.fulfilmentId());
            case "offers.id" -> victim.offerId();
            case "api-keys.id" -> victim.key().id();
            case "api-keys.endpoint" -> victim.endpointId();
            case "webhooks.id" -> String.valueOf(victim.deliveryId());
            case "moodle.id" -> String.valueOf(victim.moodleEnrolmentId());
            // the installation's own pages: refused to a user of some organizations whatever the id
            case "notifications.id" -> "1";
            case "organizations.slug" -> victim.slug();
            // the console's users: a super-admin's page, refused to anyone else whoever the user aimed at
            case "users.username" -> victim.user();
            // the one-time set-up link's page: public, and no organization's
            case "first-run.token" -> "not-a-token";
            default -> null;
        });
    }

    /** What a curious user would add to any request or form: the victim's identifiers as filters and fields. */
    private static Map<String, String> probes(Tenant victim) {
        Map<String, String> probes = new LinkedHashMap<>();
        probes.put("reference", victim.reference());
        probes.put("q", victim.email());
        probes.put("offer", victim.offerId());
        probes.put("organization", victim.slug());
        probes.put("key", victim.key().id());
        probes.put("order", victim.orderId());
        probes.put("from", "2020-01-01");
        probes.put("to", "2099-01-01");
        return probes;
    }

    private static String query(Map<String, String> probes) {
        return "?" + String.join("&", probes.entrySet().stream()
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .toList());
    }

    @Test
    void noConsoleUserOfOneOrganizationReadsOrChangesAnythingOfTheOther() {
        List<Route> routes = MappedRoutes.under(mappings, "/admin");
        assertThat(routes).extracting(Route::pattern).contains("/admin/orders/{id}", "/admin/orders/{id}/refunds",
                "/admin/offers/{id}", "/admin/api-keys/{id}/revoke", "/admin/webhooks/{id}/redeliver",
                "/admin/orders/export", "/admin/events", "/admin/users", "/admin/users/{username}/roles");
        probe(routes, configured, linked);
        probe(routes, linked, configured);
    }

    private void probe(List<Route> routes, Tenant reader, Tenant victim) {
        Browser console = admin(reader.user(), PASSWORD);
        // the reader's own order is there: the refusals below are about the scope
        assertThat(console.get("/admin/orders/" + reader.orderId()).status()).isEqualTo(200);
        assertThat(console.get("/admin/orders?reference=" + reader.reference()).body()).contains(reader.orderId());
        Set<String> checked = new TreeSet<>();
        for (Route route : routes) {
            String path = aimedAt(route, victim);
            boolean aimed = !path.equals(route.pattern());
            for (boolean probing : List.of(false, true)) {
                Map<String, String> form = probing ? probes(victim) : Map.of();
                Browser.Page answer = route.method() == RequestMethod.GET
                        ? console.get(path + (probing ? query(form) : ""))
                        : console.post(path, form);
                String what = reader.label() + " on " + route.method() + " " + path + (probing ? " probing" : "");
                if (aimed && !route.pattern().startsWith("/admin/first-run")) {
                    assertThat(answer.status()).as(what + ": " + answer.location()).isIn(403, 404);
                }
                if (route.method() == RequestMethod.GET && !route.pattern().startsWith("/admin/first-run")
                        && !route.pattern().equals("/admin/login")) {
                    assertThat(answer.status()).as(what + ": a refusal, not a way round it")
                            .isNotEqualTo(302).isNotEqualTo(303);
                }
                // what the reader sent may be echoed back (a filter's value); anything else is a leak
                String sent = URLDecoder.decode(path + (probing ? query(form) : ""), StandardCharsets.UTF_8);
                for (String secret : victim.secrets()) {
                    if (!sent.contains(secret)) {
                        assertThat(answer.body()).as(what).doesNotContain(secret);
                    }
                }
            }
            checked.add(route.method() + " " + route.pattern());
        }
        assertThat(console.get("/admin/orders/" + reader.orderId()).status()).as("still logged in").isEqualTo(200);
        // nothing of the victim's changed
        assertThat(order(victim.orderId()).status()).as("after " + checked).isEqualTo(OrderStatus.PAID);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM refunds WHERE order_id = :id").param("id", victim.orderId())
                .query(Long.class).single()).isZero();
        assertThat(endpoints.list()).extracting(WebhookEndpoints.Endpoint::id).contains(victim.endpointId());
        assertThat(apiKeys.list()).filteredOn(key -> key.id().equals(victim.key().id()))
                .allMatch(key -> key.revokedAt() == null);
        assertThat(offers.find(victim.offerId())).get().matches(offer -> !offer.archived());
        assertThat(jdbc.sql("SELECT status FROM moodle_enrolments WHERE id = :id").param("id", victim.moodleEnrolmentId())
                .query(String.class).single()).isEqualTo("NEEDS_ADMIN");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE actor = :user AND order_id = :id")
                .param("user", reader.user()).param("id", victim.orderId()).query(Long.class).single()).isZero();
        // and the victim's own ADMIN sees it
        Browser own = admin(victim.user(), PASSWORD);
        assertThat(own.get("/admin/orders/" + victim.orderId()).status()).isEqualTo(200);
        assertThat(own.get("/admin/offers").body()).contains(victim.offerId());
        assertThat(own.get("/admin/moodle").body()).contains("data-enrolment=\"" + victim.moodleEnrolmentId() + "\"");
    }

    @Test
    void aViewerOfAnAssociationReadsItsOrdersButChangesNothingThereEvenWhenAdminOfAnother() {
        String viewer = "console-viewer-" + (System.nanoTime() % 1_000_000);
        jdbc.sql("INSERT INTO admin_accounts (username, password_hash, role, super_admin, created_at)"
                        + " VALUES (:user, :hash, 'VIEWER', FALSE, :now)")
                .param("user", viewer).param("hash", encoder.encode(PASSWORD)).param("now", OffsetDateTime.now())
                .update();
        jdbc.sql("INSERT INTO admin_account_organizations (username, organization_slug, role)"
                + " VALUES (:user, :slug, 'VIEWER')").param("user", viewer).param("slug", linked.slug()).update();
        // ADMIN of the other: its changes pass the console's URL rules, each controller checks the association
        jdbc.sql("INSERT INTO admin_account_organizations (username, organization_slug, role)"
                + " VALUES (:user, :slug, 'ADMIN')").param("user", viewer).param("slug", configured.slug()).update();
        Browser console = admin(viewer, PASSWORD);

        Browser.Page order = console.get("/admin/orders/" + linked.orderId());
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.body()).contains(linked.reference())
                .doesNotContain("/admin/orders/" + linked.orderId() + "/check")
                .doesNotContain("/admin/orders/" + linked.orderId() + "/refunds");
        assertThat(console.post("/admin/orders/" + linked.orderId() + "/check", Browser.form()).status())
                .isEqualTo(403);
        assertThat(console.post("/admin/orders/" + linked.orderId() + "/refunds", Browser.form()).status())
                .isEqualTo(403);
        assertThat(console.post("/admin/offers/" + linked.offerId() + "/archive", Browser.form()).status())
                .isEqualTo(403);
        assertThat(console.post("/admin/api-keys/" + linked.key().id() + "/revoke", Browser.form()).status())
                .isEqualTo(403);
        assertThat(offers.find(linked.offerId())).get().matches(offer -> !offer.archived());
        assertThat(apiKeys.list()).filteredOn(key -> key.id().equals(linked.key().id()))
                .allMatch(key -> key.revokedAt() == null);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM refunds WHERE order_id = :id").param("id", linked.orderId())
                .query(Long.class).single()).isZero();
        // where it is ADMIN, it acts
        assertThat(console.get("/admin/orders/" + configured.orderId()).body())
                .contains("/admin/orders/" + configured.orderId() + "/check");
    }

    @Test
    void aUserOfTheConfigurationForOneAssociationSeesItsOrdersOnly() {
        Browser console = admin(ASSOCIATION_ADMIN, ASSOCIATION_ADMIN_PASSWORD);
        assertThat(console.get("/admin/orders/" + linked.orderId()).body())
                .contains("/admin/orders/" + linked.orderId() + "/check");
        assertThat(console.get("/admin/orders/" + configured.orderId()).status()).isEqualTo(404);
        assertThat(console.get("/admin/offers").body()).contains(linked.offerId()).doesNotContain(configured.offerId());
        assertThat(console.get("/admin/api-keys").body()).contains(linked.key().name())
                .doesNotContain(configured.key().name());
        assertThat(console.get("/admin/going-live").status()).isEqualTo(403);
    }

    @Test
    void aSuperAdminSeesBothAndTheListsSayWhichAssociation() {
        Browser superAdmin = admin(ADMIN, ADMIN_PASSWORD);
        String orders = superAdmin.get("/admin/orders?q=console-").body();
        assertThat(orders).contains(configured.orderId(), linked.orderId()).contains(">Association</th>")
                .contains(">" + OTHER_ORGANIZATION + "</td>");
        assertThat(superAdmin.get("/admin/offers").body()).contains(">Association</th>");
        assertThat(superAdmin.get("/admin/events").body()).contains(">Association</th>");
        assertThat(superAdmin.get("/admin/webhooks").body()).contains(">Association</th>");
        Browser scoped = admin(linked.user(), PASSWORD);
        String theirs = scoped.get("/admin/orders?q=console-").body();
        assertThat(theirs).contains(linked.orderId()).doesNotContain(configured.orderId());
        // the installation's pages are the super-admin's
        assertThat(scoped.get("/admin/organizations").status()).isEqualTo(403);
        assertThat(scoped.get("/admin/settings").status()).isEqualTo(403);
        assertThat(scoped.get("/admin").body()).doesNotContain("href=\"/admin/organizations\"");
    }
}
