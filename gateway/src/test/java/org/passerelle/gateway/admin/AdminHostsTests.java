package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.TestHost;
import org.passerelle.gateway.webhook.WebhookDeliveries;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's side of host applications: API keys, webhook deliveries, cancelling an order. */
class AdminHostsTests extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern SECRET = Pattern.compile("id=\"new-key-secret\">([^<]+)<");

    @Autowired
    ApiKeys keys;
    @Autowired
    WebhookEndpoints endpoints;
    @Autowired
    WebhookDeliveries deliveries;

    @Test
    void anApiKeyIsShownOnceWorksAndIsRevoked() {
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        Browser.Page created = admin.post("/admin/api-keys", Map.of("name", "Moodle des adhérents"));
        assertThat(created.status()).isEqualTo(303);
        String page = admin.follow(created).body();
        Matcher secret = SECRET.matcher(page);
        assertThat(secret.find()).as(page).isTrue();
        assertThat(page).contains("ne sera plus jamais affichée");
        assertThat(admin.get("/admin/api-keys").body()).as("shown once").doesNotContain(secret.group(1))
                .contains("Moodle des adhérents").contains(secret.group(1).substring(0, 8));

        ApiClient api = new ApiClient(port, secret.group(1));
        assertThat(api.get("/api/v1/orders").status()).isEqualTo(200);
        String id = keys.list().stream().filter(k -> k.name().equals("Moodle des adhérents")).findFirst().orElseThrow().id();
        Browser.Page revoked = admin.post("/admin/api-keys/" + id + "/revoke", Map.of());
        assertThat(revoked.status()).isEqualTo(303);
        // a message without arguments keeps its apostrophes (not read as MessageFormat quotes)
        assertThat(admin.follow(revoked).body()).contains("donne plus accès à l&#39;API");
        assertThat(api.get("/api/v1/orders").status()).isEqualTo(401);
        for (String action : new String[] {"api_key.created", "api_key.revoked"}) {
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = :action AND actor = :admin")
                    .param("action", action).param("admin", ADMIN).query(Long.class).single()).as(action).isPositive();
        }
        assertThat(admin.post("/admin/api-keys", Map.of("name", " ")).status()).isEqualTo(303);
        assertThat(admin.get("/admin/api-keys").body()).contains("Donnez un nom");
    }

    @Test
    void aKeyGetsWebhookEndpointsOfItsOwnInTheConsoleWithTheSecretShownOnce() {
        ApiKeys.CreatedKey key = keys.create("Boutique " + java.util.UUID.randomUUID(), "test");
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        Browser.Page added = admin.post("/admin/api-keys/webhooks", Map.of("key", key.id(),
                "url", "https://boutique.example.org/hooks", "event", "order.paid"));
        assertThat(added.status()).isEqualTo(303);
        String page = admin.follow(added).body();
        Matcher secret = Pattern.compile("id=\"new-endpoint-secret\">(whsec_[^<]+)<").matcher(page);
        assertThat(secret.find()).as(page).isTrue();
        WebhookEndpoints.Endpoint endpoint = endpoints.list().stream()
                .filter(e -> "https://boutique.example.org/hooks".equals(e.url())).findFirst().orElseThrow();
        assertThat(endpoint.apiKeyId()).isEqualTo(key.id());
        assertThat(endpoint.events()).containsExactly("order.paid");
        assertThat(admin.get("/admin/api-keys").body()).as("shown once").doesNotContain(secret.group(1))
                .contains("https://boutique.example.org/hooks");

        // refused: a URL that is not http(s), or carries control characters, or a revoked key
        for (String url : new String[] {"javascript:alert(1)", "https://boutique.example.org/\u202e/x", "ftp://x"}) {
            Browser.Page refused = admin.post("/admin/api-keys/webhooks", Map.of("key", key.id(), "url", url));
            assertThat(admin.follow(refused).body()).contains("Choisissez une clé active et une adresse http(s) absolue");
            assertThat(endpoints.list()).noneMatch(e -> url.equals(e.url()));
        }
        Browser viewer = admin(VIEWER, VIEWER_PASSWORD);
        assertThat(viewer.post("/admin/api-keys/webhooks", Map.of("key", key.id(), "url", "https://v.example.org/h"))
                .status()).isEqualTo(403);

        Browser.Page removed = admin.post("/admin/api-keys/" + key.id() + "/webhooks/" + endpoint.id() + "/remove", Map.of());
        assertThat(admin.follow(removed).body()).contains("Point de réception retiré");
        assertThat(endpoints.list()).noneMatch(e -> e.id().equals(endpoint.id()));
    }

    @Test
    void aPayableOrderIsCancelledButAPaidOneIsNot() {
        Placed open = placeOrder(browser(), "atelier-initiation");
        Browser payer = browser();
        Placed paid = placeOrder(payer, "atelier-initiation");
        payer.follow(payOnHelloAsso(payer, goToHelloAsso(payer, paid), "4242424242424242"));
        await().atMost(WAIT).until(() -> order(paid.orderId()).status() == OrderStatus.PAID);

        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        Browser.Page cancelled = admin.post("/admin/orders/" + open.orderId() + "/cancel", Map.of());
        assertThat(admin.follow(cancelled).body()).contains("Commande annulée");
        assertThat(order(open.orderId()).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(events(open.orderId())).filteredOn(e -> e.action().equals("order.cancelled")).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo(ADMIN));

        assertThat(admin.get("/admin/orders/" + paid.orderId()).body()).doesNotContain("id=\"cancel-order\"");
        Browser.Page refused = admin.post("/admin/orders/" + paid.orderId() + "/cancel", Map.of());
        assertThat(admin.follow(refused).body()).contains("ne peut plus être annulée");
        assertThat(order(paid.orderId()).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void aDeadWebhookIsOnTheDashboardAndTheOrderAndIsRedelivered() {
        try (TestHost host = new TestHost()) {
            String endpoint = endpoints.add(host.url("/hooks"), Set.of("order.paid"), null, "test").id();
            try {
                host.status(500);
                Browser payer = browser();
                Placed placed = placeOrder(payer, "adhesion-2026");
                payer.follow(payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242"));
                await().atMost(WAIT).until(() -> !deliveries.forOrder(placed.orderId()).isEmpty()
                        && deliveries.forOrder(placed.orderId()).getFirst().attempts() >= 1);
                long id = deliveries.forOrder(placed.orderId()).getFirst().id();
                jdbc.sql("UPDATE webhook_deliveries SET status = 'DEAD' WHERE id = :id").param("id", id).update();

                Browser admin = admin(ADMIN, ADMIN_PASSWORD);
                assertThat(admin.get("/admin").body()).containsPattern("id=\"dead-webhooks\">[1-9]");
                assertThat(admin.get("/admin/webhooks?status=DEAD").body()).contains("data-delivery=\"" + id + "\"");
                assertThat(admin.get("/admin/settings").body()).contains(host.url("/hooks"));
                String detail = admin.get("/admin/orders/" + placed.orderId()).body();
                assertThat(detail).contains("data-delivery=\"" + id + "\"").contains("data-kind=\"webhook\"");

                host.status(200);
                Browser.Page redelivered = admin.post("/admin/webhooks/" + id + "/redeliver",
                        Map.of("order", placed.orderId()));
                assertThat(redelivered.location()).endsWith("/admin/orders/" + placed.orderId());
                assertThat(admin.follow(redelivered).body()).contains("Webhook remis en file");
                await().atMost(WAIT).until(() -> WebhookDeliveries.DELIVERED.equals(deliveries.find(id).orElseThrow().status()));
                assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("webhook.redeliver"))
                        .singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo(ADMIN));
            } finally {
                endpoints.remove(endpoint, "test");
            }
        }
    }
}
