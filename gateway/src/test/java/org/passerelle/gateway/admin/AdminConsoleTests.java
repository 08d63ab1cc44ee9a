package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderService;
import org.passerelle.gateway.order.OrderStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;

/** The admin console over real HTTP, against the real emulator: what a treasurer sees and does. */
class AdminConsoleTests extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    NotificationSecrets secrets;

    @Autowired
    OrderService orderService;

    /** A PENDING order whose payment HelloAsso has, but whose notifications were lost. */
    private Placed paidButUnknown(String email) {
        emulator().control().dropNotifications(true);
        try {
            Browser payer = browser();
            Placed placed = placeOrder(payer, "atelier-initiation", "email", email);
            goToHelloAsso(payer, placed);
            emulator().control().pay(order(placed.orderId()).checkoutIntentId());
            return placed;
        } finally {
            emulator().control().dropNotifications(false);
        }
    }

    @Test
    void anAdminFindsAnOrderChecksItNowAndSeesItsTimeline() {
        Placed placed = paidButUnknown("jeanne.checknow@example.org");
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);

        Browser.Page list = admin.get("/admin/orders?q=JEANNE.CHECKNOW");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(placed.orderId()).contains("1 commande");

        assertThat(admin.get("/admin/orders/" + placed.orderId()).body()).contains("Paiement en attente");
        Browser.Page checked = admin.post("/admin/orders/" + placed.orderId() + "/check", Map.of());
        assertThat(checked.status()).isEqualTo(303);
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);

        Browser.Page detail = admin.follow(checked);
        assertThat(detail.body()).contains("HelloAsso confirme le paiement")
                .contains("payment.verified").contains("admin.check").contains(ADMIN)
                .contains("Reçu HelloAsso").contains(order(placed.orderId()).helloassoOrderId().toString());
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.verified")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("(admin)"));
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("admin.check")).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo(ADMIN));
        await().atMost(WAIT).until(() -> deliveries(placed.orderId()) == 1);
        assertThat(admin.get("/admin/orders/" + placed.orderId()).body()).contains("order.paid → record");
    }

    @Test
    void theCsvExportHasTheFilteredOrdersInEurosWithABom() {
        Placed placed = placeOrder(browser(), "don-libre", "amount", "12,34", "email", "csv.export@example.org");
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);

        Browser.Page csv = admin.get("/admin/orders/export?q=csv.export&status=CREATED");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/csv").contains("UTF-8"));
        assertThat(csv.response().headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).contains("attachment"));
        String body = csv.body();
        assertThat(body.getBytes(StandardCharsets.UTF_8)).startsWith(0xEF, 0xBB, 0xBF);
        String[] lines = body.substring(1).split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("N° de commande;Créée le;Statut;Article;Montant (€)");
        assertThat(lines[1]).startsWith(placed.orderId() + ";").contains(";Commande créée — paiement non commencé;Don libre;12,34;12,34;Marie;Curie;csv.export@example.org;");

        assertThat(admin.language("en").get("/admin/orders/export?q=csv.export").body()).contains(";12.34;");
        assertThat(admin.get("/admin/orders/export?min=abc").status()).isEqualTo(400);
        assertThat(admin.get("/admin/orders?min=abc").body()).contains("Invalid minimum amount");
    }

    @Test
    void ordersAreFilteredByStatusAmountAndDate() {
        Placed cheap = placeOrder(browser(), "don-libre", "amount", "5,01", "email", "filters@example.org");
        Placed dear = placeOrder(browser(), "don-libre", "amount", "950", "email", "filters@example.org");
        Browser admin = admin(VIEWER, VIEWER_PASSWORD);
        String today = LocalDate.now(clock.withZone(ZoneId.of("Europe/Paris"))).toString();

        String body = admin.get("/admin/orders?q=filters@&min=900&max=1000&status=CREATED&from=" + today + "&to=" + today).body();
        assertThat(body).contains(dear.orderId()).doesNotContain(cheap.orderId());
        assertThat(admin.get("/admin/orders?q=filters@&from=2000-01-01&to=2000-01-02").body())
                .doesNotContain(dear.orderId()).contains("Aucune commande");
        assertThat(admin.get("/admin/orders?reference=" + cheap.orderId()).body()).contains(cheap.orderId())
                .doesNotContain(dear.orderId());
    }

    @Test
    void aDeadFulfilmentIsRedeliveredAndANotificationReplayed() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "adhesion-2026");
        payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242");
        await().atMost(WAIT).until(() -> deliveries(placed.orderId()) == 1 && counting.calls(placed.orderId()) == 1);
        long fulfilment = outbox.forOrder(placed.orderId()).getFirst().id();
        jdbc.sql("UPDATE fulfilments SET status = 'DEAD' WHERE id = :id").param("id", fulfilment).update();

        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        assertThat(admin.get("/admin").body()).contains("id=\"dead-fulfilments\">1<");
        Browser.Page redelivered = admin.post("/admin/orders/" + placed.orderId() + "/fulfilments/" + fulfilment
                + "/redeliver", Map.of());
        assertThat(redelivered.status()).isEqualTo(303);
        assertThat(admin.follow(redelivered).body()).contains("Livraison remise en file");
        await().atMost(WAIT).until(() -> counting.calls(placed.orderId()) == 2);
        await().atMost(WAIT).until(() -> "DELIVERED".equals(outbox.find(fulfilment).orElseThrow().status()));
        assertThat(deliveries(placed.orderId())).as("the recording channel is idempotent").isEqualTo(1);
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("fulfilment.redeliver"))
                .singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo(ADMIN));

        await().atMost(WAIT).until(() -> jdbc.sql("SELECT COUNT(*) FROM notification_inbox WHERE order_id = :id")
                .param("id", placed.orderId()).query(Long.class).single() > 0);
        long notification = jdbc.sql("SELECT MIN(id) FROM notification_inbox WHERE order_id = :id")
                .param("id", placed.orderId()).query(Long.class).single();
        Browser.Page replayed = admin.post("/admin/notifications/" + notification + "/replay",
                Map.of("order", placed.orderId()));
        assertThat(replayed.location()).endsWith("/admin/orders/" + placed.orderId());
        assertThat(admin.follow(replayed).body()).contains("Notification traitée à nouveau\u00A0: PROCESSED");
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("admin.notification_replay")).hasSize(1);
        assertThat(counting.calls(placed.orderId())).as("a replay never fulfils twice").isEqualTo(2);
        assertThat(admin.get("/admin/notifications").body()).contains(placed.orderId().substring(0, 8));
    }

    @Test
    void theDashboardEventsReconciliationAndSettingsAreShown() {
        paidButUnknown("dashboard@example.org");
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        Browser.Page run = admin.post("/admin/reconciliation/run", Map.of());
        assertThat(admin.follow(run).body()).contains("Rapprochement terminé").contains("MANUAL");

        String dashboard = admin.get("/admin").body();
        assertThat(dashboard).contains("Commandes par statut").contains("class=\"chart-bars\"").contains("<svg").contains("<rect")
                .contains("Total sur 30 jours\u00A0: ").contains("id=\"chart-max\"")
                .contains("Dernier rapprochement");
        assertThat(admin.language("en").get("/admin").body()).contains("Orders by status");
        admin.language("fr-FR");

        String today = LocalDate.now(clock.withZone(ZoneId.of("Europe/Paris"))).toString();
        Browser.Page report = admin.get("/admin/reconciliation/report?from=" + today + "&to=" + today);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body()).contains("id=\"report\"").doesNotContain("MISSING_AT_HELLOASSO");
        assertThat(admin.get("/admin/reconciliation/report?from=" + today + "&to=2000-01-01").body())
                .contains("Période invalide");

        assertThat(admin.get("/admin/events?preset=errors").status()).isEqualTo(200);
        assertThat(admin.get("/admin/events?action=admin.reconcile").body()).contains("admin.reconcile")
                .doesNotContain("payment.verified");
        assertThat(admin.get("/admin/events?preset=fraud").body()).doesNotContain("outcome-success");

        String settings = admin.get("/admin/settings").body();
        assertThat(settings).contains(emulator().organizationSlug()).contains(secrets.notificationUrl());
        Browser viewer = admin(VIEWER, VIEWER_PASSWORD);
        String masked = viewer.get("/admin/settings").body();
        assertThat(masked).contains("/helloasso/notifications/…").contains("lecture seule")
                .doesNotContain(secrets.key());
        assertThat(viewer.get("/admin/reconciliation").body()).doesNotContain("id=\"reconcile-now\"");
    }

    @Test
    void aListLongerThanAPageHasThePagerWithItsFilterKept() {
        for (int i = 0; i <= AdminQueries.PAGE_SIZE; i++) {
            Order.Payer payer = new Order.Payer("Anne", "Pagination", "anne." + i + "@pager.example", "FRA", null);
            orderService.create(new NewOrder(null, "Cotisation " + i, 1000, false, payer, null, null, "test-org",
                    null, null, false, 1), "127.0.0.1");
        }
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);

        Browser.Page first = admin.get("/admin/orders?q=Pagination");
        assertThat(first.body()).contains("Page 1 sur 2").doesNotContain("rel=\"prev\"")
                .containsPattern("rel=\"next\" id=\"next-page\" href=\"/admin/orders\\?[^\"]*q=Pagination[^\"]*page=2");
        Browser.Page second = admin.get("/admin/orders?q=Pagination&page=2");
        assertThat(second.body()).contains("Page 2 sur 2").contains("rel=\"prev\"").doesNotContain("rel=\"next\"")
                .contains("pager.example");
        assertThat(admin.get("/admin/orders?q=anne.3@pager.example").body()).doesNotContain("class=\"pager\"");
    }
}
