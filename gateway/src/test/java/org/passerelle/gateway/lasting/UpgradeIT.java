package org.passerelle.gateway.lasting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.PasserelleApplication;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayProcess;
import org.passerelle.gateway.support.Payer;
import org.passerelle.gateway.support.PreviousRelease;
import org.passerelle.gateway.support.TestDatabases;
import org.passerelle.gateway.support.WebhookReceiver;
import org.passerelle.helloasso.emulator.EmulatorConfig;
import org.passerelle.helloasso.emulator.HelloAssoEmulator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An upgrade as an association makes it: the previous release's own jar ({@link PreviousRelease}, built from this
 * project's history) runs on a fresh database and leaves in it orders in every status, refunds, webhook deliveries and
 * idempotency keys, made through the API, HelloAsso's pages and the webhooks as they were; then the current version
 * starts on that database. Every pending migration applies, and the old orders keep working: they read back
 * unchanged, a pending one is paid, paid ones are refunded, an idempotent request replays, webhooks go out.
 */
class UpgradeIT {

    private static final String ORGANIZATION = "upgrade";
    private static final String CLIENT_ID = "upgrade-client-id";
    private static final String CLIENT_SECRET = "upgrade-client-secret";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String API_KEY = "upgrade-api-key-0123456789abcdef";

    private final List<AutoCloseable> cleanUp = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : cleanUp.reversed()) {
            closeable.close();
        }
    }

    /** Where the data lives, as the command-line arguments of both releases and a direct connection. */
    private record Database(Path data, List<String> arguments, String url) {
        Connection connect() throws Exception {
            return url.startsWith("jdbc:h2:") ? DriverManager.getConnection(url, "sa", "") : DriverManager.getConnection(url);
        }
    }

    @Test
    void theEmbeddedDatabaseOfThePreviousReleaseUpgrades() throws Exception {
        Path data = Files.createTempDirectory("passerelle-upgrade");
        cleanUp.add(() -> FileSystemUtils.deleteRecursively(data.toFile()));
        upgrades(new Database(data, List.of("--passerelle.data-dir=" + data),
                "jdbc:h2:file:" + data + "/passerelle;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"));
    }

    @Test
    void aPostgresDatabaseOfThePreviousReleaseUpgrades() throws Exception {
        TestDatabases.requirePostgres("PostgreSQL upgrade");
        TestDatabases.EmptySchema schema = TestDatabases.emptyPostgresSchema("passerelle_upgrade");
        cleanUp.add(schema);
        Path data = Files.createTempDirectory("passerelle-upgrade-pg");
        cleanUp.add(() -> FileSystemUtils.deleteRecursively(data.toFile()));
        String url = schema.url();
        upgrades(new Database(data, List.of("--passerelle.data-dir=" + data, "--spring.datasource.url=" + url,
                "--spring.datasource.username="), url));
    }

    private void upgrades(Database database) throws Exception {
        HelloAssoEmulator helloAsso = HelloAssoEmulator.start(EmulatorConfig.builder().port(0)
                .organization(ORGANIZATION).client(CLIENT_ID, CLIENT_SECRET).build());
        cleanUp.add(helloAsso::close);
        WebhookReceiver host = new WebhookReceiver(SECRET, Duration.ZERO);
        cleanUp.add(host);
        // the same address before and after, as a real upgrade keeps its public URL (links in old orders stay valid)
        int port = GatewayProcess.freePort();
        List<String> arguments = new ArrayList<>(database.arguments());
        arguments.addAll(List.of(
                "--passerelle.helloasso.client-id=" + CLIENT_ID,
                "--passerelle.helloasso.client-secret=" + CLIENT_SECRET,
                "--passerelle.helloasso.organization=" + ORGANIZATION,
                "--passerelle.helloasso.environment=" + helloAsso.baseUrl(),
                "--passerelle.api.keys=" + API_KEY,
                "--passerelle.webhooks.endpoints[0].url=" + host.url("host"),
                "--passerelle.webhooks.endpoints[0].secret=" + SECRET,
                "--passerelle.webhooks.sweep-interval=500ms",
                // a delivery under way when a release stops is taken over once its claim expires: 2 minutes by
                // default (the previous release's too), which the end of the test would wait for
                "--passerelle.webhooks.claim-duration=5s",
                "--db-scheduler.enabled=false"));

        // 1. the previous release, its own jar: what its users left in its database
        Path previousJar = PreviousRelease.jar();
        Path log = database.data().resolve("previous-release.log");
        Map<String, String> ids = new LinkedHashMap<>();
        GatewayProcess previous = GatewayProcess.start(previousJar, port, log, List.of(), arguments);
        try {
            ApiClient api = new ApiClient(port, API_KEY);
            ids.put("created", create(api, "created", 1500));
            ids.put("pending", checkout(port, api, "pending", 1600));
            ids.put("payLater", checkout(port, api, "payLater", 1700));
            ids.put("expired", checkout(port, api, "expired", 1800));
            ids.put("failed", pay(port, api, "failed", 1900, Payer.REFUSED_CARD));
            ids.put("paid", pay(port, api, "paid", 2000, Payer.CARD));
            ids.put("toRefund", pay(port, api, "toRefund", 2100, Payer.CARD));
            ids.put("partial", pay(port, api, "partial", 3000, Payer.CARD));
            ids.put("refunded", pay(port, api, "refunded", 2300, Payer.CARD));
            ids.put("cancelled", create(api, "cancelled", 2400));
            assertThat(api.post("/api/v1/orders/" + ids.get("cancelled") + "/cancel", Map.of()).status()).isEqualTo(200);
            assertThat(api.header("Idempotency-Key", "refund-partial").post("/api/v1/orders/" + ids.get("partial")
                    + "/refunds", Map.of("amount", 1000, "reason", "one session missed")).status()).isEqualTo(201);
            assertThat(api.post("/api/v1/orders/" + ids.get("refunded") + "/refunds", Map.of()).status()).isEqualTo(201);
        } finally {
            previous.stop(Duration.ofMinutes(1));
        }
        try (Connection connection = database.connect()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            assertThat(jdbc.sql("SELECT MAX(version) FROM flyway_schema_history WHERE success").query(String.class)
                    .single()).as("the previous release's schema").isEqualTo(PreviousRelease.SCHEMA_VERSION);
            // what the reconciliation does to a checkout abandoned for 45 minutes
            jdbc.sql("UPDATE orders SET status = 'EXPIRED' WHERE id = :id").param("id", ids.get("expired")).update();
        }
        // started again (as a restart does) to read back what it holds and send what it owes
        Map<String, JsonNode> before = new LinkedHashMap<>();
        previous = GatewayProcess.start(previousJar, port, log, List.of(), arguments);
        try {
            ApiClient api = new ApiClient(port, API_KEY);
            Map<String, String> expected = Map.of("created", "CREATED", "pending", "PENDING", "payLater", "PENDING",
                    "expired", "EXPIRED", "failed", "FAILED", "paid", "PAID", "toRefund", "PAID",
                    "partial", "PARTIALLY_REFUNDED", "refunded", "REFUNDED", "cancelled", "CANCELLED");
            ids.forEach((name, id) -> {
                JsonNode order = api.get("/api/v1/orders/" + id).body();
                assertThat(order.get("status").asString()).as(name).isEqualTo(expected.get(name));
                before.put(name, order);
            });
            await().atMost(Duration.ofMinutes(2)).until(() -> host.received().size() >= 6);
        } finally {
            previous.stop(Duration.ofMinutes(1));
        }
        // 2. the current release starts on that database
        arguments.add("--server.port=" + port);
        try (ConfigurableApplicationContext gateway = start(arguments)) {
            Flyway flyway = gateway.getBean(Flyway.class);
            assertThat(flyway.info().pending()).as("migrations left to apply").isEmpty();
            assertThat(flyway.info().applied()).extracting(MigrationInfo::getVersion)
                    .extracting(Object::toString).contains(PreviousRelease.SCHEMA_VERSION, "11.1");
            assertThat(flyway.info().applied()).allMatch(m -> m.getState().isApplied() && !m.getState().isFailed());
            ApiClient api = new ApiClient(port, API_KEY);
            assertThat(new Browser(URI.create("http://localhost:" + port)).get("/actuator/health/readiness").status())
                    .isEqualTo(200);

            // the keys the previous release generated and kept in clear are encrypted now (secret.SecretRotation),
            // and still the same keys: the old orders' links below are unchanged and still work
            assertThat(gateway.getBean(JdbcClient.class).sql("SELECT setting_value FROM settings"
                    + " WHERE name IN ('api.order-link-key', 'security.state-key')").query(String.class).list())
                    .hasSize(2).allMatch(value -> value.startsWith("v1:"));

            // every old order reads back as it was
            // (fields added since are new, not changes: an old order does not return to its site by itself)
            before.forEach((name, order) -> {
                JsonNode now = api.get("/api/v1/orders/" + ids.get(name)).body();
                assertThat(onlyFieldsOf(order, now)).as(name).isEqualTo(order);
                assertThat(now.get("autoReturn").asBoolean()).as(name + " autoReturn").isFalse();
            });

            // and keeps working: a pending one is paid, paid ones are refunded, a request replays, webhooks go out
            JsonNode payLater = before.get("payLater");
            Payer payer = new Payer(URI.create("http://localhost:" + port));
            URI back = payer.payAtHelloAsso(URI.create(payLater.get("checkoutUrl").asString()), "later@example.org");
            payer.browser().get(back);
            assertThat(status(api, ids.get("payLater"))).isEqualTo("PAID");
            ApiClient.Response refund = api.post("/api/v1/orders/" + ids.get("toRefund") + "/refunds", Map.of());
            assertThat(refund.status()).as(refund.body().toString()).isEqualTo(201);
            assertThat(status(api, ids.get("toRefund"))).isEqualTo("REFUNDED");
            ApiClient.Response part = api.post("/api/v1/orders/" + ids.get("paid") + "/refunds", Map.of("amount", 500));
            assertThat(part.status()).as(part.body().toString()).isEqualTo(201);
            assertThat(status(api, ids.get("paid"))).isEqualTo("PARTIALLY_REFUNDED");
            ApiClient.Response replay = api.header("Idempotency-Key", "order-created")
                    .post("/api/v1/orders", ApiClient.order("created", 1500));
            assertThat(replay.status()).as(replay.body().toString()).isEqualTo(201);
            assertThat(replay.body().get("id").asString()).as("replayed from before the upgrade").isEqualTo(ids.get("created"));
            await().atMost(Duration.ofMinutes(2)).until(() -> host.received().stream()
                    .filter(r -> ids.get("payLater").equals(r.orderId()) && "order.paid".equals(r.event())).count() == 1
                    && host.received().stream().anyMatch(r -> ids.get("toRefund").equals(r.orderId())
                            && "order.refunded".equals(r.event())));
            // and what the previous release still owed when it stopped goes out too
            JdbcClient jdbc = gateway.getBean(JdbcClient.class);
            await().atMost(Duration.ofMinutes(2)).until(() -> jdbc.sql(
                    "SELECT COUNT(*) FROM webhook_deliveries WHERE status <> 'DELIVERED'").query(Integer.class).single() == 0);
        }
    }

    private ConfigurableApplicationContext start(List<String> arguments) {
        return new SpringApplicationBuilder(PasserelleApplication.class).run(arguments.toArray(String[]::new));
    }

    private static String create(ApiClient api, String name, int amount) {
        ApiClient.Response created = api.header("Idempotency-Key", "order-" + name)
                .post("/api/v1/orders", ApiClient.order(name, amount));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    /** An API order whose payer went to HelloAsso's page and stayed there (PENDING). */
    private static String checkout(int port, ApiClient api, String name, int amount) {
        String id = create(api, name, amount);
        Browser payer = new Browser(URI.create("http://localhost:" + port));
        assertThat(payer.get(api.get("/api/v1/orders/" + id).body().get("checkoutUrl").asString()).status())
                .isEqualTo(303);
        return id;
    }

    /** An API order paid at HelloAsso with {@code card}, the payer coming back to the gateway. */
    private static String pay(int port, ApiClient api, String name, int amount, String card) {
        String id = create(api, name, amount);
        Payer payer = new Payer(URI.create("http://localhost:" + port));
        URI back = payer.payAtHelloAsso(URI.create(api.get("/api/v1/orders/" + id).body().get("checkoutUrl")
                .asString()), name + "@example.org", card);
        payer.browser().get(back);
        return id;
    }

    /** {@code now} with only the fields {@code before} had. */
    private static JsonNode onlyFieldsOf(JsonNode before, JsonNode now) {
        ObjectNode copy = (ObjectNode) now.deepCopy();
        copy.retain(before.properties().stream().map(Map.Entry::getKey).toList());
        return copy;
    }

    private static String status(ApiClient api, String id) {
        return api.get("/api/v1/orders/" + id).body().get("status").asString();
    }
}
