package org.passerelle.gateway.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.util.List;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.reconcile.ReconcileService;
import org.passerelle.gateway.refund.RefundService;
import org.passerelle.gateway.refund.RefundStatus;
import org.passerelle.gateway.refund.RefundSweep;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An association linked in partner mode sells its own offers, on one emulator serving two organizations: its pages
 * are under /o/{slug}/ with its name, its orders belong to it, its checkout is created with the partner's token for
 * it in its organization, and the payment is read back there. Its offers are found nowhere else, and the configured
 * organization's pages stay where they were.
 */
class OrganizationOffersIT extends GatewayTestSupport {

    @Autowired
    org.passerelle.gateway.connection.HelloAssoConnection connection;
    @Autowired
    org.passerelle.helloasso.HelloAssoClient client;
    @Autowired
    ReconcileService reconcile;
    @Autowired
    RefundService refunds;
    @Autowired
    RefundSweep sweep;
    @Autowired
    ApiKeys apiKeys;

    private String offerId;

    @BeforeEach
    void anOfferOfTheLinkedAssociation() {
        linkOtherOrganization();
        offerId = "cotisation-voisin-" + System.nanoTime();
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        assertThat(admin.get("/admin/offers/new").body()).contains("id=\"organization\"")
                .contains("value=\"" + OTHER_ORGANIZATION + "\"");
        Browser.Page created = admin.post("/admin/offers", Browser.form("name", "Cotisation du club voisin",
                "id", offerId, "price", "25", "instalments", "1", "version", "0", "organization", OTHER_ORGANIZATION));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        assertThat(admin.get("/admin/offers").body()).contains("/o/" + OTHER_ORGANIZATION + "/offers/" + offerId);
    }

    @Test
    void itsPayersPayItThroughItsOwnHelloAssoAccount() throws Exception {
        Browser payer = browser();
        Browser.Page list = payer.get("/o/" + OTHER_ORGANIZATION + "/");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("id=\"association\"").contains(">" + OTHER_ORGANIZATION + "<")
                .contains("href=\"/o/" + OTHER_ORGANIZATION + "/offers/" + offerId + "\"")
                .doesNotContain("/offers/adhesion-2026");
        Browser.Page form = payer.get("/o/" + OTHER_ORGANIZATION + "/offers/" + offerId);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Cotisation du club voisin").contains(">" + OTHER_ORGANIZATION + "<")
                .contains("action=\"/o/" + OTHER_ORGANIZATION + "/offers/" + offerId + "\"");

        Placed placed = placeOrderAt(payer, "/o/" + OTHER_ORGANIZATION + "/offers/" + offerId);
        assertThat(order(placed.orderId()).organizationSlug()).isEqualTo(OTHER_ORGANIZATION);
        URI hosted = goToHelloAsso(payer, placed);
        assertThat(jdbc.sql("SELECT organization_slug FROM checkout_intents WHERE order_id = :id")
                .param("id", placed.orderId()).query(String.class).single()).isEqualTo(OTHER_ORGANIZATION);
        assertThat(emulator().control().calls()).anySatisfy(call -> {
            assertThat(call.operation()).isEqualTo("checkoutIntents.create");
            assertThat(call.path()).contains("/organizations/" + OTHER_ORGANIZATION + "/");
            assertThat(call.status()).isEqualTo(200);
        });

        Browser.Page back = payOnHelloAsso(payer, hosted, "4242424242424242");
        Browser.Page returned = payer.get(back.next());
        assertThat(returned.status()).isEqualTo(303);
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(order(placed.orderId()).amount()).isEqualTo(2500);
        // the payer's order page says whose order it is
        Browser.Page orderPage = payer.follow(returned);
        assertThat(orderPage.status()).isEqualTo(200);
        assertThat(orderPage.body()).contains("id=\"association\"").contains(">" + OTHER_ORGANIZATION + "<");

        // and the metrics tell its payments apart
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + METRICS_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("(?m)^passerelle_verifications_total\\{[^}]*organization=\""
                + OTHER_ORGANIZATION + "\",outcome=\"paid\"[^}]*} [1-9]");
        // its HelloAsso calls too (the checkout's creation names the organization in its path; the read-back does not)
        assertThat(metrics.body()).containsPattern("(?m)^passerelle_helloasso_calls_seconds_count\\{[^}]*operation=\"checkoutIntents.create\","
                + "organization=\"" + OTHER_ORGANIZATION + "\",outcome=\"2xx\"[^}]*} [1-9]");
        assertThat(metrics.body()).containsPattern("(?m)^passerelle_helloasso_calls_seconds_count\\{[^}]*operation=\"checkoutIntents.get\","
                + "organization=\"" + OTHER_ORGANIZATION + "\",outcome=\"2xx\"[^}]*} [1-9]");
        // and its orders by status (kept a few seconds; a newly seen association's series show from the next scrape)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).pollInterval(java.time.Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + METRICS_TOKEN).build(), HttpResponse.BodyHandlers.ofString())
                        .body()).containsPattern("(?m)^passerelle_orders\\{[^}]*organization=\"" + OTHER_ORGANIZATION
                                + "\",status=\"PAID\"} [1-9]")
                        .containsPattern("(?m)^passerelle_orders\\{[^}]*organization=\"" + emulator().organizationSlug()
                                + "\",status=\"PAID\"} "));
    }

    @Test
    void theReconciliationListsEachOrganizationsOrdersOnce() {
        Browser payer = browser();
        Placed linked = placeOrderAt(payer, "/o/" + OTHER_ORGANIZATION + "/offers/" + offerId);
        goToHelloAsso(payer, linked);
        Placed configured = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, configured);
        // both paid at HelloAsso, nobody back, no notification: only the reconciliation can find them
        emulator().control().dropNotifications(true);
        try {
            emulator().control().pay(order(linked.orderId()).checkoutIntentId());
            emulator().control().pay(order(configured.orderId()).checkoutIntentId());
            long listingsBefore = emulator().control().callCount("orders.list");

            ReconcileService.Figures figures = reconcile.runNow();

            assertThat(figures.errors()).as(String.valueOf(figures.note())).isZero();
            assertThat(order(linked.orderId()).status()).isEqualTo(OrderStatus.PAID);
            assertThat(order(configured.orderId()).status()).isEqualTo(OrderStatus.PAID);
            // one listing of each organization's orders, each with its own account (the configured one may take more
            // than one page: the shared gateway holds other test classes' orders)
            List<String> listed = emulator().control().calls().stream()
                    .filter(call -> call.operation().equals("orders.list")).map(call -> call.path()).toList();
            listed = listed.subList((int) listingsBefore, listed.size());
            assertThat(listed).filteredOn(path -> path.contains("/organizations/" + OTHER_ORGANIZATION + "/"))
                    .hasSize(1);
            assertThat(listed).filteredOn(path -> path.contains("/organizations/" + emulator().organizationSlug() + "/"))
                    .isNotEmpty();
        } finally {
            emulator().control().dropNotifications(false);
        }
    }

    private String paidOrderOfTheLinkedAssociation() {
        Browser payer = browser();
        Placed placed = placeOrderAt(payer, "/o/" + OTHER_ORGANIZATION + "/offers/" + offerId);
        payer.get(payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242").next());
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
        return placed.orderId();
    }

    @Test
    void itsRefundsAreMadeAndFoundWithItsOwnAccount() {
        // a partial refund from Passerelle (the console's and the API's way): made in its organization
        String refunded = paidOrderOfTheLinkedAssociation();
        RefundService.Outcome outcome = refunds.refund(refunded, null, 1000, "geste", ADMIN);
        assertThat(outcome.refunds().getLast().status()).isEqualTo(RefundStatus.SUCCEEDED);
        assertThat(order(refunded).status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);

        // another one refunded in HelloAsso's back office, no notification: the sweep's scan of its payments finds it
        String inBackOffice = paidOrderOfTheLinkedAssociation();
        sweep.run();
        emulator().control().dropNotifications(true);
        try {
            emulator().control().refundInBackOffice(order(inBackOffice).helloassoPaymentId(), null);
            RefundSweep.Figures figures = sweep.run();
            assertThat(figures.news()).isEqualTo(1);
            assertThat(order(inBackOffice).status()).isEqualTo(OrderStatus.REFUNDED);
        } finally {
            emulator().control().dropNotifications(false);
        }
    }

    @Test
    void anOrderOfAnAssociationNoLongerServedIsNeverSentToTheConfiguredOnesCheckout() {
        // a key of an association that is not (or no longer) linked: its order must not be paid to another one
        ApiClient api = new ApiClient(port, apiKeys.create("gone " + System.nanoTime(), "club-parti", "test").secret());
        ApiClient.Response created = api.post("/api/v1/orders", ApiClient.order("gone-" + System.nanoTime(), 1500));
        assertThat(created.status()).isEqualTo(201);
        String orderId = created.body().get("id").asString();
        long creations = emulator().control().callCount("checkoutIntents.create");

        Browser.Page pay = browser().get(URI.create(created.body().get("checkoutUrl").asString()));

        assertThat(pay.status()).isEqualTo(503);
        assertThat(emulator().control().callCount("checkoutIntents.create")).isEqualTo(creations);
        assertThat(order(orderId).checkoutIntentId()).isNull();
        assertThat(events(orderId)).extracting(e -> e.action()).contains("checkout.create_failed");
    }

    @Test
    void unlinkedFromTheAssociationsPageItsOffersStopTakingPaymentsAndItsOrdersStay() {
        Browser payer = browser();
        Placed before = placeOrderAt(payer, "/o/" + OTHER_ORGANIZATION + "/offers/" + offerId);
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        assertThat(admin.get("/admin/organizations").body()).contains("id=\"unlink-" + OTHER_ORGANIZATION + "\"");

        Browser.Page unlinked = admin.post("/admin/organizations/" + OTHER_ORGANIZATION + "/unlink", Browser.form());
        try {
            assertThat(unlinked.status()).isEqualTo(303);
            assertThat(jdbc.sql("SELECT connection_type FROM organizations WHERE slug = :slug")
                    .param("slug", OTHER_ORGANIZATION).query(String.class).single()).isEqualTo("UNLINKED");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM organization_tokens WHERE organization_slug = :slug")
                    .param("slug", OTHER_ORGANIZATION).query(Long.class).single()).isZero();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'organization.unlinked'"
                    + " AND actor = :actor").param("actor", ADMIN).query(Long.class).single()).isPositive();
            // its offers take no payment: not offered, and an order placed before gets no checkout
            assertThat(browser().get("/o/" + OTHER_ORGANIZATION + "/offers/" + offerId).status()).isEqualTo(404);
            long creations = emulator().control().callCount("checkoutIntents.create");
            assertThat(payer.get(before.payUrl()).status()).isEqualTo(503);
            assertThat(emulator().control().callCount("checkoutIntents.create")).isEqualTo(creations);
            // its orders and history stay, and it is still listed, as unlinked
            assertThat(admin.get("/admin/orders/" + before.orderId()).status()).isEqualTo(200);
            assertThat(order(before.orderId()).organizationSlug()).isEqualTo(OTHER_ORGANIZATION);
            assertThat(admin.get("/admin/organizations").body()).contains("data-organization=\"" + OTHER_ORGANIZATION)
                    .doesNotContain("id=\"unlink-" + OTHER_ORGANIZATION + "\"");
            // unlinking twice: nothing left to unlink
            assertThat(admin.post("/admin/organizations/" + OTHER_ORGANIZATION + "/unlink", Browser.form())
                    .status()).isEqualTo(404);
        } finally {
            // linked again (the other classes' association): it sells again
            linkOtherOrganization();
        }
        assertThat(browser().get("/o/" + OTHER_ORGANIZATION + "/offers/" + offerId).status()).isEqualTo(200);
    }

    @Test
    void itsOffersAreFoundOnlyUnderIt() {
        Browser payer = browser();
        assertThat(payer.get("/").body()).doesNotContain(offerId);
        assertThat(payer.get("/offers/" + offerId).status()).isEqualTo(404);
        assertThat(payer.get("/o/" + emulator().organizationSlug() + "/offers/" + offerId).status()).isEqualTo(404);
        assertThat(payer.get("/o/unknown-club/").status()).isEqualTo(404);
        assertThat(payer.get("/o/unknown-club/offers/" + offerId).status()).isEqualTo(404);
        // nor can an order for it be placed elsewhere
        assertThat(payer.post("/offers/" + offerId, Browser.form("firstName", "Marie", "lastName", "Curie",
                "email", "marie.curie@example.org", "country", "FRA")).status()).isEqualTo(404);
        // and the linked association does not sell the configured organization's offers
        assertThat(payer.get("/o/" + OTHER_ORGANIZATION + "/offers/adhesion-2026").status()).isEqualTo(404);
    }

    @Test
    void theConfiguredOrganizationKeepsItsPagesAndHasThemUnderItsSlugToo() {
        Browser payer = browser();
        jdbc.sql("UPDATE organizations SET name = NULL WHERE slug = :slug").param("slug", emulator().organizationSlug())
                .update();
        Browser.Page home = payer.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).as("its slug is never shown to payers")
                .contains("href=\"/offers/adhesion-2026\"").doesNotContain("id=\"association\"");
        assertThat(payer.get("/offers/adhesion-2026").status()).isEqualTo(200);
        Browser.Page underSlug = payer.get("/o/" + emulator().organizationSlug() + "/offers/adhesion-2026");
        assertThat(underSlug.status()).isEqualTo(200);
        assertThat(underSlug.body()).contains("action=\"/o/" + emulator().organizationSlug() + "/offers/adhesion-2026\"");

        // a check of its account reads its name from HelloAsso: its payers' pages show it from then on
        String name = client.organizations().get(emulator().organizationSlug()).name();
        assertThat(connection.check().isOk()).isTrue();
        assertThat(payer.get("/").body()).contains("id=\"association\"").contains(">" + name + "<");
        Placed placed = placeOrderAt(payer, "/o/" + emulator().organizationSlug() + "/offers/adhesion-2026");
        assertThat(order(placed.orderId()).organizationSlug()).isEqualTo(emulator().organizationSlug());
        Browser.Page back = payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242");
        Browser.Page orderPage = payer.follow(payer.get(back.next()));
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(orderPage.body()).contains("id=\"association\"").contains(">" + name + "<");
    }
}
