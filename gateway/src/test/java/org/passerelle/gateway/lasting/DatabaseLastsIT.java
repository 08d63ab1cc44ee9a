package org.passerelle.gateway.lasting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.PasserelleApplication;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.Payer;
import org.passerelle.gateway.support.TestDatabases;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * The embedded default, and PostgreSQL, keep taking writes after the pool has retired every connection, the one that
 * ran the migrations included (with H2 2.4.240 every write checked by a CHECK … IN constraint then failed: the
 * one-command start died after half an hour). The pool's lifetime is set to Hikari's floor (30 s); rather than wait for
 * it, the test retires every connection at once through Hikari's own eviction (what an elapsed lifetime does), then
 * writes as users do: an order paid at HelloAsso (with its notification and fulfilment), an admin login, an API order.
 * Readiness must then tell the truth: DOWN while the database takes no write, on the dashboard too.
 */
class DatabaseLastsIT {

    private static final String ADMIN = "tresoriere";
    private static final String PASSWORD = "admin-password-lasting-1";
    private static final String API_KEY = "lasting-api-key-0123456789abcdef";

    private final List<Runnable> cleanUp = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void cleanUp() {
        cleanUp.reversed().forEach(Runnable::run);
    }

    @Test
    void theEmbeddedFileDatabaseTakesWritesAfterEveryConnectionIsRetired() throws Exception {
        Path data = Files.createTempDirectory("passerelle-lasting");
        cleanUp.add(() -> FileSystemUtils.deleteRecursively(data.toFile()));
        // the default datasource URL: a file database under passerelle.data-dir, as the README's command runs it
        lastsPastConnectionRetirement("--passerelle.data-dir=" + data);
    }

    @Test
    void postgresTakesWritesAfterEveryConnectionIsRetired() throws Exception {
        TestDatabases.requirePostgres("PostgreSQL connection retirement");
        TestDatabases.EmptySchema schema = TestDatabases.emptyPostgresSchema("passerelle_lasting");
        cleanUp.add(() -> {
            try {
                schema.close();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Path data = Files.createTempDirectory("passerelle-lasting-pg");
        cleanUp.add(() -> FileSystemUtils.deleteRecursively(data.toFile()));
        lastsPastConnectionRetirement("--passerelle.data-dir=" + data,
                "--spring.datasource.url=" + schema.url(),
                "--spring.datasource.username=");
    }

    private void lastsPastConnectionRetirement(String... database) throws Exception {
        List<String> args = new ArrayList<>(List.of(database));
        args.addAll(List.of("--server.port=0", "--passerelle.emulator.port=0",
                "--spring.datasource.hikari.max-lifetime=30000",
                "--passerelle.admin.username=" + ADMIN, "--passerelle.admin.password=" + PASSWORD,
                "--passerelle.api.keys=" + API_KEY));
        ConfigurableApplicationContext gateway = new SpringApplicationBuilder(PasserelleApplication.class)
                .run(args.toArray(String[]::new));
        cleanUp.add(gateway::close);
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        HikariDataSource pool = gateway.getBean(DataSource.class).unwrap(HikariDataSource.class);
        assertThat(pool.getMaxLifetime()).as("Hikari's shortest lifetime").isEqualTo(30_000);
        JdbcClient jdbc = gateway.getBean(JdbcClient.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE success").query(Integer.class).single())
                .as("migrated just now, by a pooled connection").isPositive();

        // every connection of the pool is retired: an idle one is taken out and closed at once, one in use when it is
        // given back; none is handed out again (PostgreSQL's LISTEN connection stays in use, as it does for real).
        // Meanwhile a connection outside the pool keeps the database open, as the pool's younger connections do when a
        // lifetime elapses for real: the last connection closing would close the embedded database, which reopens
        // clean (that is why a restart on a migrated database never showed the failure)
        try (Connection keeper = java.sql.DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(),
                pool.getPassword())) {
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isPositive();
            pool.getHikariPoolMXBean().softEvictConnections();
            writeAsUsersDo(gateway, port, pool);
        }
    }

    private void writeAsUsersDo(ConfigurableApplicationContext gateway, int port, HikariDataSource pool) throws Exception {
        JdbcClient jdbc = gateway.getBean(JdbcClient.class);

        // a payer pays: the order, its intent, the verification, the outbox, HelloAsso's notification are all writes
        Payer payer = new Payer(URI.create("http://localhost:" + port));
        Payer.Paid paid = payer.payAtHelloAsso("atelier-initiation", "marie.curie@example.org");
        Browser.Page back = payer.comeBack(paid);
        assertThat(back.status()).as(back.body()).isEqualTo(303);
        OrderRepository orders = gateway.getBean(OrderRepository.class);
        assertThat(orders.find(paid.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.PAID);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(jdbc.sql("SELECT COUNT(*) FROM notification_inbox WHERE order_id = :id AND status = 'PROCESSED'")
                    .param("id", paid.orderId()).query(Integer.class).single()).as("notification stored").isPositive();
            assertThat(jdbc.sql("SELECT status FROM fulfilments WHERE order_id = :id AND event = 'order.paid'")
                    .param("id", paid.orderId()).query(String.class).single()).isEqualTo("DELIVERED");
        });

        // an admin logs in (a login is an audit event)
        Browser admin = new Browser(URI.create("http://localhost:" + port));
        admin.get("/admin/login");
        Browser.Page login = admin.post("/admin/login", Browser.form("username", ADMIN, "password", PASSWORD));
        assertThat(login.location()).as("logged in").doesNotContain("error");
        admin.forgetCsrf();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'admin.login' AND actor = :a")
                .param("a", ADMIN).query(Integer.class).single()).isEqualTo(1);

        // a host application creates an order through the API
        ApiClient.Response created = new ApiClient(port, API_KEY).post("/api/v1/orders",
                ApiClient.order("lasting-1", 1500));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);

        assertThat(readiness(port)).isEqualTo(200);
        assertThat(admin.get("/admin").body()).contains("id=\"health-databaseWrite\"");

        // now the database answers SELECTs but takes no write (here the probe's row is locked by another transaction,
        // as a long migration or a stuck session would do): readiness is DOWN though `db` is still UP
        try (Connection blocker = pool.getConnection()) {
            blocker.setAutoCommit(false);
            blocker.createStatement().executeQuery("SELECT * FROM health_probe FOR UPDATE").close();
            await().atMost(Duration.ofSeconds(30)).until(() -> readiness(port) == 503);
            String details = health(port);
            assertThat(details).contains("\"databaseWrite\":{\"details\"").contains("\"status\":\"DOWN\"");
            assertThat(details).containsPattern("\"db\":\\{[^}]*\\}[^}]*\"status\":\"UP\"");
            String dashboard = admin.get("/admin").body();
            assertThat(dashboard).containsPattern("id=\"health-databaseWrite\">\\s*<span>[^<]*</span>\u00a0:\\s*<strong[^>]*>EN PANNE<");
            blocker.rollback();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness(port) == 200);
    }

    private int readiness(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String health(int port) throws Exception {
        String basic = Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD).getBytes());
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
