package org.passerelle.gateway.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.representation.OrderLinks;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.passerelle.gateway.webhook.WebhookSigner;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the database holds once the gateway has stored its secrets: none of them in clear. */
class SecretsAtRestTests extends GatewayTestSupport {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    SecretBox box;
    @Autowired
    SecretRotation rotation;
    @Autowired
    WebhookEndpoints endpoints;
    @Autowired
    NotificationSecrets notificationSecrets;
    @Autowired
    OrderLinks orderLinks;
    @Autowired
    ApiKeys apiKeys;

    @Test
    void aWebhookEndpointsSecretIsStoredEncrypted() {
        WebhookEndpoints.CreatedEndpoint created = endpoints.add("https://host.example.org/at-rest", Set.of(), null,
                "test");

        String stored = jdbc.sql("SELECT secret FROM webhook_endpoints WHERE id = :id").param("id", created.id())
                .query(String.class).single();
        assertThat(stored).startsWith("v1:" + box.currentKeyId() + ":").doesNotContain(created.secret())
                .doesNotContain(created.secret().substring("whsec_".length(), 20));
        assertThat(box.open(stored)).isEqualTo(created.secret());
        assertThat(endpoints.list()).extracting(WebhookEndpoints.Endpoint::id).contains(created.id());
        endpoints.remove(created.id(), "test");   // the shared gateway's other tests do not expect it
    }

    @Test
    void theGeneratedKeysAreStoredEncrypted() {
        String notificationKey = notificationSecrets.key();
        orderLinks.token("any-order");

        Map<String, String> rows = jdbc.sql("SELECT name, setting_value FROM settings").query()
                .listOfRows().stream().collect(java.util.stream.Collectors.toMap(
                        row -> (String) row.get("name"), row -> (String) row.get("setting_value")));
        assertThat(rows).containsKeys("helloasso.notification-key", "api.order-link-key", "security.state-key");
        for (String name : Set.of("helloasso.notification-key", "api.order-link-key", "security.state-key")) {
            assertThat(rows.get(name)).as(name).startsWith("v1:" + box.currentKeyId() + ":");
        }
        assertThat(rows.get("helloasso.notification-key")).doesNotContain(notificationKey);
        assertThat(box.open(rows.get("helloasso.notification-key"))).isEqualTo(notificationKey);
    }

    @Test
    void anApiKeyIsKeptAsAHashOnly() {
        ApiKeys.CreatedKey key = apiKeys.create("at rest " + UUID.randomUUID(), "test");

        Map<String, Object> row = jdbc.sql("SELECT * FROM api_keys WHERE id = :id").param("id", key.id()).query()
                .singleRow();
        assertThat(row.values()).noneMatch(value -> value != null && value.toString().contains(key.secret()));
    }

    /** Rows as an earlier version left them: in clear (removed endpoints: the pass covers them too). */
    private Map<String, String> legacyEndpoints(int count) {
        Map<String, String> secrets = new java.util.HashMap<>();
        String batch = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < count; i++) {
            String id = "legacy-" + batch + "-" + i;
            secrets.put(id, WebhookSigner.newSecret());
            jdbc.sql("""
                    INSERT INTO webhook_endpoints (id, url, secret, events, created_at, removed_at)
                    VALUES (:id, 'https://host.example.org/legacy', :secret, '', :now, :now)""")
                    .param("id", id).param("secret", secrets.get(id)).param("now", OffsetDateTime.now(ZoneOffset.UTC))
                    .update();
        }
        return secrets;
    }

    private void assertEncrypted(Map<String, String> secrets) {
        secrets.forEach((id, secret) -> {
            String stored = jdbc.sql("SELECT secret FROM webhook_endpoints WHERE id = :id").param("id", id)
                    .query(String.class).single();
            assertThat(stored).as(id).startsWith("v1:" + box.currentKeyId() + ":").doesNotContain(secret);
            assertThat(box.open(stored)).as(id).isEqualTo(secret);
        });
    }

    @Test
    void secretsStoredInClearBeforeAreEncryptedByTheStartUpPassOnce() {
        Map<String, String> secrets = legacyEndpoints(3);

        SecretRotation.Result first = rotation.rotate();
        SecretRotation.Result again = rotation.rotate();

        assertEncrypted(secrets);
        assertThat(first.fromPlaintext()).isGreaterThanOrEqualTo(3);
        assertThat(again.fromPlaintext() + again.fromPreviousKey()).as("nothing left to do").isZero();
        assertThat(again.current()).isGreaterThanOrEqualTo(first.current() + 3);
    }

    @Test
    void instancesStartingTogetherEncryptEveryRowInBatchesWithoutConflict() throws Exception {
        Map<String, String> secrets = legacyEndpoints(SecretRotation.BATCH * 2 + 50);

        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            var passes = pool.invokeAll(java.util.Collections.nCopies(3,
                    (java.util.concurrent.Callable<SecretRotation.Result>) rotation::rotate));
            for (var pass : passes) {
                pass.get();
            }
        } finally {
            pool.shutdown();
        }

        assertEncrypted(secrets);
        assertThat(rotation.rotate().fromPlaintext()).isZero();
    }
}
