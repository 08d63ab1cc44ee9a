package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What whoever runs the gateway watches: Prometheus figures after a real journey, and logs free of secrets. */
@ExtendWith(OutputCaptureExtension.class)
class OperationsTests extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The start of every JWT HelloAsso (and its emulator) issues: {"alg":"RS256","typ":"JWT"}. */
    private static final String JWT_HEADER = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";

    @Autowired
    NotificationSecrets secrets;
    @Autowired
    LoggingSystem logging;
    @Autowired
    org.passerelle.gateway.webhook.WebhookEndpoints endpoints;

    /** The secrets the journey handles besides the configured ones: an API key and a webhook secret. */
    private final java.util.List<String> created = new java.util.ArrayList<>();

    /**
     * A payer pays, HelloAsso notifies, an admin logs in (after one typo), checks the order, reconciles, creates an API
     * key and a webhook endpoint.
     */
    private Placed fullJourney() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        Browser.Page back = payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242");
        payer.follow(back);
        await().atMost(WAIT).until(() -> order(placed.orderId()).status() == OrderStatus.PAID
                && deliveries(placed.orderId()) == 1);

        Browser typo = browser();
        typo.get("/admin/login");
        typo.post("/admin/login", Browser.form("username", ADMIN, "password", "typo-" + ADMIN_PASSWORD));
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        admin.post("/admin/orders/" + placed.orderId() + "/check", Map.of());
        admin.post("/admin/reconciliation/run", Map.of());
        admin.get("/admin/orders/" + placed.orderId());
        String keys = admin.follow(admin.post("/admin/api-keys", Map.of("name", "journey"))).body();
        Matcher key = Pattern.compile("id=\"new-key-secret\">([^<]+)<").matcher(keys);
        assertThat(key.find()).isTrue();
        created.add(key.group(1));
        var endpoint = endpoints.add("http://127.0.0.1:9/hooks", java.util.Set.of(), null, "test");
        endpoints.remove(endpoint.id(), "test");
        created.add(endpoint.secret());
        return placed;
    }

    @Test
    void prometheusShowsThePaymentFigures() throws Exception {
        fullJourney();
        // the status gauges are read from a cache of a few seconds, perhaps filled by an earlier test before this payment
        await().atMost(WAIT).until(() -> value(scrape(), "passerelle_orders\\{[^}]*status=\"PAID\"[^}]*}") >= 1);
        String metrics = scrape();

        assertThat(value(metrics, "passerelle_verifications_total\\{[^}]*outcome=\"paid\"[^}]*}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "passerelle_verifications_total\\{[^}]*outcome=\"already_paid\",source=\"admin\"[^}]*}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "passerelle_helloasso_calls_seconds_count\\{[^}]*operation=\"checkoutIntents.create\",organization=\""
                + emulator().organizationSlug() + "\",outcome=\"2xx\"[^}]*}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "passerelle_helloasso_token_requests_total\\{[^}]*grant_type=\"client_credentials\"[^}]*success=\"true\"[^}]*}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "passerelle_reconcile_lag_seconds\\{[^}]*}")).isGreaterThanOrEqualTo(0);
        assertThat(metrics).contains("passerelle_reconcile_duration_seconds").contains("passerelle_notifications_inbox_depth")
                .contains("passerelle_fulfilments_queue_depth").contains("passerelle_webhooks_queue_depth")
                .contains("passerelle_webhooks_dead").contains("passerelle_orders_oldest_pending_age_seconds");

        emulator().control().failNext("orders.list", 3, 503);
        String today = java.time.LocalDate.now(clock.withZone(java.time.ZoneId.of("Europe/Paris"))).toString();
        Browser.Page report = admin(ADMIN, ADMIN_PASSWORD)
                .get("/admin/reconciliation/report?from=" + today + "&to=" + today);
        emulator().control().clearFaults();
        assertThat(report.body()).contains("HelloAsso could not be asked");
        assertThat(value(scrape(), "passerelle_helloasso_errors_total\\{[^}]*operation=\"orders.list\"[^}]*}"))
                .isGreaterThanOrEqualTo(1);
    }

    /** The journal speaks the admin's language: every action and outcome of a full journey has its words. */
    @Test
    void theJournalNamesEveryStepInTheAdminsLanguage() {
        Placed placed = fullJourney();
        Pattern rawCode = Pattern.compile("title=\"([a-z_]+\\.[a-z_.]+)\">\\1<");
        for (String language : new String[] {"fr", "en"}) {
            Browser admin = admin(ADMIN, ADMIN_PASSWORD);
            for (String page : new String[] {"/admin/events?lang=" + language, "/admin/orders/" + placed.orderId(),
                    "/admin?lang=" + language, "/admin/notifications", "/admin/webhooks"}) {
                String body = admin.get(page).body();
                Matcher raw = rawCode.matcher(body);
                assertThat(raw.find()).as("%s (%s) shows the raw code %s", page, language, raw.find(0) ? raw.group(1) : "")
                        .isFalse();
                assertThat(body).as(page).doesNotContain(">fraud_detected<").doesNotContain(">success<")
                        .doesNotContain(">PROCESSED<").doesNotContain(">DELIVERED<").doesNotContain(">processed<")
                        .doesNotContain(">delivered<")
                        // what a notification led to, as the inbox records it ("Order 20002: ALREADY_PAID")
                        .doesNotContainPattern(">(Payment|Order) \\d+: [A-Z_]+<");
            }
        }
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        assertThat(admin.get("/admin/events?lang=fr").body()).contains("Paiement vérifié auprès de HelloAsso")
                .contains("Connexion refusée (mot de passe)");
        assertThat(admin.get("/admin/events?lang=en").body()).contains("Payment verified with HelloAsso");
        assertThat(admin.get("/admin/notifications?lang=fr").body()).as("the payment's notification, processed")
                .contains(">Traitée<");

        // the timeline's own words (notifications, fulfilment, deliveries): French, no English composed around codes
        List<String> french = timelineRows(admin.get("/admin/orders/" + placed.orderId() + "?lang=fr").body());
        assertThat(french).as("a notification and a fulfilment at least").hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(row -> assertThat(row).contains("Notification HelloAsso n°\u00A0"))
                .anySatisfy(row -> assertThat(row).containsPattern("1 tentative\\b"));
        assertThat(french).allSatisfy(row -> assertThat(row)
                .doesNotContainPattern("(?i)\\b(attempts?|fulfilment|last error|copies|order|payment|paid|pending)\\b")
                .doesNotContain("notification #").doesNotContain(" :"));
        List<String> english = timelineRows(admin.get("/admin/orders/" + placed.orderId() + "?lang=en").body());
        assertThat(english).anySatisfy(row -> assertThat(row).contains("HelloAsso notification #"))
                .anySatisfy(row -> assertThat(row).containsPattern("1 attempt\\b"));
    }

    /** The text of the timeline's rows that the gateway composes (not the journal's, which has its own test). */
    private static List<String> timelineRows(String page) {
        Matcher row = Pattern.compile("(?s)<tr data-kind=\"(notification|fulfilment|webhook)\">(.*?)</tr>").matcher(page);
        List<String> rows = new java.util.ArrayList<>();
        while (row.find()) {
            rows.add(org.springframework.web.util.HtmlUtils.htmlUnescape(row.group(2).replaceAll("<[^>]+>", " "))
                    .replaceAll("[ \\t\\n]+", " ").trim());
        }
        return rows;
    }

    @Test
    void noSecretReachesTheLogsOfAFullJourney(CapturedOutput output) {
        // our own code at DEBUG; framework DEBUG logs print request URLs, order links included (docs/operations.md)
        List<String> loggers = List.of("org.passerelle");
        loggers.forEach(name -> logging.setLogLevel(name, LogLevel.DEBUG));
        Placed placed;
        try {
            placed = fullJourney();
        } finally {
            loggers.forEach(name -> logging.setLogLevel(name, null));
        }
        String logs = output.getAll();
        assertThat(logs).as("the journey was logged").contains(placed.orderId());
        assertThat(logs).doesNotContain(emulator().clientSecret()).doesNotContain(JWT_HEADER)
                .doesNotContain(ADMIN_PASSWORD).doesNotContain(VIEWER_PASSWORD).doesNotContain(METRICS_TOKEN)
                .doesNotContain(placed.token()).doesNotContain("4242424242424242");
        assertThat(created).hasSize(2).allSatisfy(secret -> assertThat(logs).doesNotContain(secret));
        if (secrets.signatureKey() != null) {
            assertThat(logs).doesNotContain(secrets.signatureKey());
        }
    }

    private String scrape() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + METRICS_TOKEN).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The sum of the series {@code series} matches (several: one per association, say), as PromQL's sum(). */
    private static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+|NaN)$").matcher(metrics);
        assertThat(matcher.find()).as("%s in\n%s", series, metrics.lines()
                .filter(l -> l.startsWith("passerelle_")).reduce("", (a, b) -> a + b + "\n")).isTrue();
        double sum = 0;
        do {
            sum += Double.parseDouble(matcher.group(1));
        } while (matcher.find());
        return sum;
    }
}
