package org.passerelle.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.passerelle.gateway.PasserelleApplication;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.checkout.LiveStatusListener;
import org.passerelle.gateway.offer.ConsoleOffers;
import org.passerelle.gateway.offer.Offer;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.StreamLines;
import org.passerelle.helloasso.emulator.EmulatorConfig;
import org.passerelle.helloasso.emulator.HelloAssoEmulator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * Two gateway instances on one PostgreSQL database, both talking to the same HelloAsso (an emulator started here):
 * the reconciliation cycle (db-scheduler) runs once per period, not once per instance, and a status change made on
 * one instance reaches an order page connected to the other (PostgreSQL LISTEN/NOTIFY). Skipped without {@code PASSERELLE_TEST_POSTGRES_URL}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesIT {

    static final String URL_VARIABLE = "PASSERELLE_TEST_POSTGRES_URL";
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private final String schema = "passerelle_two_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private String url;
    private HelloAssoEmulator helloAsso;
    private Path dataDir;
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    @BeforeAll
    void start() throws Exception {
        String base = System.getenv(URL_VARIABLE);
        Assumptions.assumeTrue(base != null && !base.isBlank(), URL_VARIABLE
                + " is not set: two-instance test skipped (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)");
        url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        sql(base, "CREATE SCHEMA " + schema);
        helloAsso = HelloAssoEmulator.start(EmulatorConfig.builder().port(0).organization("deux-instances")
                .client("two-client-id", "two-client-secret").build());
        org.passerelle.gateway.support.HelloAssoContractCheck.watch(helloAsso);
        dataDir = Files.createTempDirectory("passerelle-two");
        first = instance("first", "200ms");
        // the second instance reads its pages' orders from the database only once an hour: a change it pushes
        // within seconds came through PostgreSQL's LISTEN/NOTIFY (Flyway finds the schema migrated by the first)
        second = instance("second", "1h");
    }

    @org.junit.jupiter.api.AfterEach
    void helloAssoExchangesFollowedTheSpec() {
        org.passerelle.gateway.support.HelloAssoContractCheck.assertFollowedTheSpec();
    }

    @AfterAll
    void stop() throws Exception {
        Stream.of(second, first).filter(c -> c != null).forEach(ConfigurableApplicationContext::close);
        if (helloAsso != null) {
            helloAsso.close();
        }
        if (url != null) {
            sql(System.getenv(URL_VARIABLE), "DROP SCHEMA " + schema + " CASCADE");
        }
        if (dataDir != null) {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    private static final String SECRETS_KEY = java.util.Base64.getEncoder()
            .encodeToString(new java.security.SecureRandom().generateSeed(32));

    private ConfigurableApplicationContext instance(String name, String livePollInterval) {
        // command-line arguments: they take precedence over application.yaml (default properties would not)
        return new SpringApplicationBuilder(PasserelleApplication.class).run(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=",
                "--spring.datasource.hikari.maximum-pool-size=5",
                "--server.port=0",
                "--passerelle.data-dir=" + dataDir.resolve(name),
                // instances share the key that seals the database's secrets, as docs/operations.md says they must
                "--passerelle.secrets.key=" + SECRETS_KEY,
                "--passerelle.helloasso.client-id=two-client-id",
                "--passerelle.helloasso.client-secret=two-client-secret",
                "--passerelle.helloasso.organization=deux-instances",
                "--passerelle.helloasso.environment=" + helloAsso.baseUrl(),
                // real mode shows no sample offer: the association's own, as payers would see it
                "--passerelle.offers[0].id=atelier-initiation",
                "--passerelle.offers[0].name=Atelier d'initiation (une place)",
                "--passerelle.offers[0].price=4000",
                "--passerelle.reconcile.interval=" + INTERVAL.toMillis() + "ms",
                "--db-scheduler.polling-interval=200ms",
                "--passerelle.live-status.poll-interval=" + livePollInterval,
                "--logging.level.com.atlassian.oai.validator=warn");
    }

    @Test
    void theReconciliationCycleRunsOncePerPeriodWhateverTheNumberOfInstances() {
        assertThat(Stream.of(first, second).map(c -> c.getBean(Scheduler.class).getSchedulerState().isStarted()))
                .as("both instances run db-scheduler").containsOnly(true);

        ReconcileRuns runs = first.getBean(ReconcileRuns.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> scheduled(runs).size() >= 4);
        List<ReconcileRuns.Run> done = scheduled(runs).reversed();   // oldest first

        assertThat(done).extracting(ReconcileRuns.Run::scheduledFor).as("one run per scheduled time").doesNotHaveDuplicates();
        for (int i = 1; i < done.size(); i++) {
            ReconcileRuns.Run previous = done.get(i - 1);
            ReconcileRuns.Run next = done.get(i);
            // the next period starts one interval after the previous cycle ended: a second instance running its own
            // schedule would show up as runs closer together, or overlapping
            assertThat(Duration.between(previous.scheduledFor(), next.scheduledFor()))
                    .as("runs %d and %d", previous.id(), next.id()).isGreaterThanOrEqualTo(INTERVAL);
            assertThat(next.startedAt()).as("run %d starts after run %d ended", next.id(), previous.id())
                    .isAfterOrEqualTo(previous.finishedAt());
        }
        assertThat(first.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = :name").param("name", ReconcileTasks.CYCLE)
                .query(Integer.class).single()).as("one schedule for the cluster").isEqualTo(1);
        assertThat(first.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = :name")
                .param("name", org.passerelle.gateway.retention.RetentionTask.NAME).query(Integer.class).single())
                .as("one daily retention purge for the cluster").isEqualTo(1);
    }

    private static List<ReconcileRuns.Run> scheduled(ReconcileRuns runs) {
        return runs.latest(100).stream()
                .filter(run -> run.trigger().equals(ReconcileService.SCHEDULED) && run.finishedAt() != null).toList();
    }

    @Test
    void aPaymentConfirmedOnOneInstanceReachesAnOrderPageConnectedToTheOther() throws Exception {
        // no scheduled cycle may settle the order behind the test's back: the change must be instance one's
        Stream.of(first, second).forEach(c -> c.getBean(Scheduler.class).pause());
        try {
            assertThat(second.getBean(LiveStatusListener.class).listening()).as("LISTEN on PostgreSQL").isTrue();
            Browser payer = new Browser(URI.create("http://localhost:" + port(first)));
            Browser.Page created = payer.post("/offers/atelier-initiation", Browser.form("firstName", "Marie",
                    "lastName", "Curie", "email", "marie.curie@example.org", "country", "FRA"));
            URI payUrl = created.next();
            String orderId = payUrl.getPath().substring("/pay/".length());
            String token = payUrl.getQuery().substring("t=".length());
            assertThat(payer.get(payUrl).status()).as("to HelloAsso").isEqualTo(303);

            List<String> events = new CopyOnWriteArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            var stream = http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port(second)
                            + "/orders/" + orderId + "/events?t=" + token)).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(new StreamLines(events)));
            await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().anyMatch(l -> l.contains("\"PENDING\"")));

            long intentId = first.getBean(OrderRepository.class).find(orderId).orElseThrow().checkoutIntentId();
            helloAsso.control().pay(intentId);
            Browser.Page checked = payer.post("/orders/" + orderId + "/check-payment", Browser.form("t", token));
            assertThat(checked.location()).as("instance one confirmed it").endsWith("notice=paid");

            await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().anyMatch(l -> l.contains("\"PAID\"")));
            assertThat(first.getBean(AuditLog.class).forOrder(orderId))
                    .filteredOn(e -> e.action().equals("payment.verified")).singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("(manual)"));
            assertThat(second.getBean(OrderRepository.class).find(orderId).orElseThrow().status())
                    .isEqualTo(OrderStatus.PAID);
            stream.cancel(true);
        } finally {
            Stream.of(first, second).forEach(c -> c.getBean(Scheduler.class).resume());
        }
    }

    @Test
    void aCheckoutIsRecordedWithItsFirstFollowUpAndStaysRecordedWhenTheFollowUpCannotBeScheduled() {
        JdbcClient jdbc = first.getBean(JdbcClient.class);
        Browser payer = new Browser(URI.create("http://localhost:" + port(first)));
        String orderId = checkout(payer);
        assertThat(first.getBean(OrderRepository.class).find(orderId).orElseThrow().status()).isEqualTo(OrderStatus.PENDING);
        assertThat(followUps(jdbc, orderId)).as("its verification a minute later, in the same commit").isEqualTo(1);

        // written under a savepoint of the checkout's transaction: on PostgreSQL a failed statement would otherwise
        // abort the whole transaction, and the checkout's intent (already created at HelloAsso) would be lost
        Stream.of(first, second).forEach(c -> c.getBean(Scheduler.class).pause());
        jdbc.sql("ALTER TABLE scheduled_tasks RENAME TO scheduled_tasks_away").update();
        String other;
        try {
            other = checkout(payer);
        } finally {
            jdbc.sql("ALTER TABLE scheduled_tasks_away RENAME TO scheduled_tasks").update();
            Stream.of(first, second).forEach(c -> c.getBean(Scheduler.class).resume());
        }
        var recorded = first.getBean(OrderRepository.class).find(other).orElseThrow();
        assertThat(recorded.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(recorded.checkoutIntentId()).isNotNull();
        assertThat(first.getBean(AuditLog.class).forOrder(other)).extracting(e -> e.action()).contains("checkout.created");
        assertThat(followUps(jdbc, other)).as("the reconciliation's cycle covers it instead").isZero();
    }

    /** An order placed and sent to HelloAsso: its id. */
    private static String checkout(Browser payer) {
        Browser.Page created = payer.post("/offers/atelier-initiation", Browser.form("firstName", "Marie",
                "lastName", "Curie", "email", "marie.curie@example.org", "country", "FRA"));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        assertThat(payer.get(created.next()).status()).as("to HelloAsso").isEqualTo(303);
        return created.next().getPath().substring("/pay/".length());
    }

    private static long followUps(JdbcClient jdbc, String orderId) {
        return jdbc.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = :name AND task_instance = :instance")
                .param("name", ReconcileTasks.FOLLOW_UP).param("instance", orderId + "/0").query(Long.class).single();
    }

    @Test
    void anOfferMadeInTheConsoleOfOneInstanceIsOnTheOthersPagesAtOnce() {
        ConsoleOffers console = first.getBean(ConsoleOffers.class);
        assertThat(console.create(new Offer("stage-voile", "Stage de voile", "", 1250, 50, false, false, false, 1,
                Offer.Source.CONSOLE, false, 0), "tresoriere")).isEqualTo(ConsoleOffers.Outcome.DONE);
        Browser payer = new Browser(URI.create("http://localhost:" + port(second)));
        assertThat(payer.get("/").body()).contains("Stage de voile");
        Browser.Page created = payer.post("/offers/stage-voile", Browser.form("firstName", "Ada", "lastName",
                "Lovelace", "email", "ada@example.org", "country", "FRA"));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        assertThat(payer.get(created.next()).status()).as("to HelloAsso").isEqualTo(303);

        console.archive("stage-voile", "tresoriere");
        assertThat(payer.get("/offers/stage-voile").status()).as("archived on the other instance too").isEqualTo(410);
    }

    @Test
    void aPayerFormServedByOneInstanceMayBeSentToTheOther() {
        // behind a load balancer without sticky sessions: the payer's pages keep nothing in an instance's memory
        Browser payer = new Browser(URI.create("http://localhost:" + port(first)));
        assertThat(payer.get("/offers/atelier-initiation").status()).isEqualTo(200);
        Browser.Page created = payer.post(URI.create("http://localhost:" + port(second) + "/offers/atelier-initiation"),
                Browser.form("firstName", "Ada", "lastName", "Lovelace", "email", "ada@example.org", "country", "FRA",
                        "_csrf", payer.csrfToken()));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        assertThat(created.location()).contains("/pay/");

        Browser forger = new Browser(URI.create("http://localhost:" + port(second)));
        assertThat(forger.postWithoutCsrf("/offers/atelier-initiation", Browser.form("firstName", "Eve",
                "lastName", "Forge", "email", "eve@example.org", "country", "FRA")).status())
                .as("still no form without its token").isEqualTo(403);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static void sql(String jdbcUrl, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            connection.createStatement().execute(statement);
        }
    }
}
