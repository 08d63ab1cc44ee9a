package org.passerelle.gateway.lasting;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.GatewayProcess;
import org.passerelle.gateway.support.Payer;
import org.passerelle.gateway.support.TestDatabases;
import org.passerelle.gateway.support.WebhookReceiver;
import org.passerelle.helloasso.emulator.EmulatorConfig;
import org.passerelle.helloasso.emulator.HelloAssoEmulator;
import org.springframework.util.FileSystemUtils;

/**
 * The soak run (docs/benchmarks.md), not part of {@code verify}: the packaged gateway under steady traffic for
 * {@code -Dpasserelle.soak.duration} (e.g. 30m) with the pool's connections retired every 30 s (Hikari's shortest
 * lifetime, 60 times faster than the default): payers paying (two in three coming back), HelloAsso's notifications,
 * the reconciliation every 30 s, host applications creating, paying and reading API orders, signed webhooks to a host.
 * On the embedded H2 file database and, when {@code PASSERELLE_TEST_POSTGRES_URL} is set, PostgreSQL at the same time.
 * Every minute it prints resident memory, heap, database size and counts; at the end the totals. It fails on any
 * error: an unexpected HTTP answer, readiness not UP, an ERROR line in the gateway's log, a paid order not delivered.
 */
class SoakIT {

    private static final String ORGANIZATION = "soak";
    private static final String CLIENT_ID = "soak-client-id";
    private static final String CLIENT_SECRET = "soak-client-secret";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NOTIFICATION_KEY = "soak-notification-key-0123456789abcdefghij";
    private static final String METRICS_TOKEN = "soak-metrics-token-0123456789abcdef012345";
    private static final String API_KEY = "soak-api-key-0123456789abcdef";

    @Test
    void theGatewayLastsUnderSteadyTraffic() throws Exception {
        String setting = System.getProperty("passerelle.soak.duration");
        Assumptions.assumeTrue(setting != null && !setting.isBlank(),
                "soak run skipped: run it with -Dpasserelle.soak.duration=30m (docs/benchmarks.md)");
        Duration duration = Duration.parse("PT" + setting.toUpperCase());
        Path work = Files.createTempDirectory("passerelle-soak");
        Path jar = Files.copy(GatewayProcess.JAR, work.resolve("passerelle.jar"));
        List<Soak> soaks = new ArrayList<>();
        soaks.add(new Soak("h2", work.resolve("h2"), null));
        String postgres = System.getenv(TestDatabases.POSTGRES_URL_VARIABLE);
        if (postgres != null && !postgres.isBlank()) {
            soaks.add(new Soak("postgres", work.resolve("postgres"), postgres));
        }
        ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Report>> futures = new ArrayList<>();
            for (Soak soak : soaks) {
                futures.add(runs.submit(() -> soak.run(jar, duration)));
            }
            List<Report> reports = new ArrayList<>();
            for (Future<Report> future : futures) {
                reports.add(future.get());
            }
            reports.forEach(report -> System.out.println(report.summary()));
            for (Report report : reports) {
                assertThat(report.errors()).as(report.database() + " errors").isEmpty();
                assertThat(report.undelivered()).as(report.database() + " paid orders without their webhook").isZero();
            }
        } finally {
            runs.shutdownNow();
            soaks.forEach(Soak::cleanUp);
            FileSystemUtils.deleteRecursively(work);
        }
    }

    record Sample(Duration at, long rssKib, double heapBytes, long databaseBytes, int paid) {
    }

    record Report(String database, Duration ran, int payerOrders, int apiOrders, int paid, int webhooks,
            int notifications, int reconcileRuns, List<Sample> samples, List<String> errors, Map<String, Long> warnings,
            long undelivered, Duration stop) {

        String summary() {
            Sample first = samples.getFirst();
            Sample last = samples.getLast();
            long maxRss = samples.stream().mapToLong(Sample::rssKib).max().orElse(0);
            double maxHeap = samples.stream().mapToDouble(Sample::heapBytes).max().orElse(0);
            return """
                    == soak %s: %d min ==
                      orders: %d from payers, %d from the API; %d paid; %d webhooks received; %d notifications sent by HelloAsso; %d reconciliation runs
                      errors: %d %s
                      warnings (by logger): %s
                      RSS: %d MiB after start, %d MiB at the end, %d MiB at most
                      heap used: %d MiB after start, %d MiB at the end, %d MiB at most (samples, not after GC)
                      database: %.1f MiB after start, %.1f MiB at the end (%.1f KiB per paid order)
                      stop (SIGTERM): %d ms
                    """.formatted(database, ran.toMinutes(), payerOrders, apiOrders, paid, webhooks, notifications,
                    reconcileRuns, errors.size(), errors.stream().limit(5).toList(), warnings,
                    first.rssKib() / 1024, last.rssKib() / 1024, maxRss / 1024,
                    (long) first.heapBytes() >> 20, (long) last.heapBytes() >> 20, (long) maxHeap >> 20,
                    first.databaseBytes() / 1048576.0, last.databaseBytes() / 1048576.0,
                    (last.databaseBytes() - first.databaseBytes()) / 1024.0 / Math.max(1, last.paid() - first.paid()),
                    stop.toMillis());
        }
    }

    /** One gateway, its HelloAsso and its host, and the traffic sent to it. */
    static final class Soak {

        private final String name;
        private final Path data;
        private final String postgresBase;
        private final String schema = TestDatabases.newSchema("passerelle_soak");
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private final Set<String> paid = ConcurrentHashMap.newKeySet();
        private final AtomicInteger payerOrders = new AtomicInteger();
        private final AtomicInteger apiOrders = new AtomicInteger();
        private HelloAssoEmulator helloAsso;
        private WebhookReceiver host;
        private GatewayProcess gateway;

        Soak(String name, Path data, String postgresBase) {
            this.name = name;
            this.data = data;
            this.postgresBase = postgresBase;
        }

        Report run(Path jar, Duration duration) throws Exception {
            Files.createDirectories(data);
            helloAsso = HelloAssoEmulator.start(EmulatorConfig.builder().port(0).organization(ORGANIZATION)
                    .client(CLIENT_ID, CLIENT_SECRET).build());
            host = new WebhookReceiver(SECRET, Duration.ofMillis(20));
            int port = GatewayProcess.freePort();
            List<String> arguments = new ArrayList<>(List.of(
                    "--passerelle.data-dir=" + data,
                    "--passerelle.helloasso.client-id=" + CLIENT_ID,
                    "--passerelle.helloasso.client-secret=" + CLIENT_SECRET,
                    "--passerelle.helloasso.organization=" + ORGANIZATION,
                    "--passerelle.helloasso.environment=" + helloAsso.baseUrl(),
                    "--passerelle.notifications.key=" + NOTIFICATION_KEY,
                    "--passerelle.admin.metrics-token=" + METRICS_TOKEN,
                    "--passerelle.api.keys=" + API_KEY,
                    // real mode shows no sample offer: the association's own, as payers would see it
                    "--passerelle.offers[0].id=atelier-initiation",
                    "--passerelle.offers[0].name=Atelier d'initiation (une place)",
                    "--passerelle.offers[0].price=4000",
                    "--passerelle.offers[1].id=adhesion-2026",
                    "--passerelle.offers[1].name=Adhésion annuelle 2026",
                    "--passerelle.offers[1].price=2500",
                    "--passerelle.offers[1].ask-birth-date=true",
                    "--passerelle.webhooks.endpoints[0].url=" + host.url("soak"),
                    "--passerelle.webhooks.endpoints[0].secret=" + SECRET,
                    "--passerelle.reconcile.interval=30s",
                    // every pooled connection is retired after 30 s (Hikari's floor; the default is 30 min)
                    "--spring.datasource.hikari.max-lifetime=30000"));
            if (postgresBase != null) {
                try (Connection connection = DriverManager.getConnection(postgresBase)) {
                    connection.createStatement().execute("CREATE SCHEMA " + schema);
                }
                arguments.add("--spring.datasource.url=" + postgresBase + (postgresBase.contains("?") ? "&" : "?")
                        + "currentSchema=" + schema);
                arguments.add("--spring.datasource.username=");
            }
            helloAsso.control().setNotificationUrl("http://localhost:" + port + "/helloasso/notifications/"
                    + NOTIFICATION_KEY, null);
            Instant started = Instant.now();
            gateway = GatewayProcess.start(jar, port, data.resolve("gateway.log"), List.of("-Xmx256m"), arguments);
            List<Sample> samples = new CopyOnWriteArrayList<>();
            samples.add(sample(started));
            Instant end = started.plus(duration);
            try (ExecutorService traffic = Executors.newVirtualThreadPerTaskExecutor()) {
                traffic.submit(() -> every(Duration.ofSeconds(2), end, this::payer));
                traffic.submit(() -> every(Duration.ofSeconds(5), end, this::apiOrder));
                traffic.submit(() -> every(Duration.ofSeconds(1), end, this::ready));
                traffic.submit(() -> every(Duration.ofSeconds(60), end, () -> {
                    Sample sample = sample(started);
                    samples.add(sample);
                    System.out.printf("soak %s %3d min: RSS %d MiB, heap %d MiB, database %.1f MiB, %d paid, %d errors%n",
                            name, sample.at().toMinutes(), sample.rssKib() / 1024, (long) sample.heapBytes() >> 20,
                            sample.databaseBytes() / 1048576.0, sample.paid(), errors.size());
                }));
            }
            // the last payments settle: notifications, reconciliation and webhooks catch up within a cycle
            Instant settle = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(settle) && undelivered() > 0) {
                Thread.sleep(1000);
            }
            samples.add(sample(started));
            Duration ran = Duration.between(started, Instant.now());
            Duration stop = gateway.stop(Duration.ofSeconds(60));
            int runs = count("SELECT COUNT(*) FROM reconcile_runs WHERE errors = 0");
            int paidInDatabase = count("SELECT COUNT(*) FROM orders WHERE status = 'PAID'");
            if (paidInDatabase != paid.size()) {
                errors.add(paidInDatabase + " orders PAID in the database for " + paid.size() + " paid at HelloAsso");
            }
            errors.addAll(gateway.logLines("ERROR"));
            Map<String, Long> warnings = gateway.logLines("WARN").stream()
                    .map(line -> line.replaceAll(".*\\]\\s+([\\w.$]+)\\s+:.*", "$1"))
                    .collect(Collectors.groupingBy(logger -> logger, java.util.TreeMap::new, Collectors.counting()));
            return new Report(name, ran, payerOrders.get(), apiOrders.get(), paid.size(), host.received().size(),
                    helloAsso.control().deliveredNotifications().size(), runs, samples, errors, warnings,
                    undelivered(), stop);
        }

        private void every(Duration period, Instant end, Runnable action) {
            while (Instant.now().isBefore(end)) {
                long next = System.nanoTime() + period.toNanos();
                try {
                    action.run();
                } catch (RuntimeException | AssertionError e) {
                    errors.add(Instant.now() + " " + e.toString().lines().limit(3).collect(Collectors.joining(" ")));
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(Duration.ofNanos(wait));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        private void payer() {
            int n = payerOrders.incrementAndGet();
            Payer payer = new Payer(gateway.url());
            Payer.Paid order = payer.payAtHelloAsso(n % 2 == 0 ? "atelier-initiation" : "adhesion-2026",
                    "payer" + n + "@example.org");
            paid.add(order.orderId());
            if (n % 3 != 0) {
                int status = payer.comeBack(order).status();
                if (status != 303) {
                    throw new AssertionError("return page answered " + status);
                }
            }
        }

        private void apiOrder() {
            int n = apiOrders.incrementAndGet();
            ApiClient api = new ApiClient(gateway.port(), API_KEY).header("Idempotency-Key", "soak-" + n);
            ApiClient.Response created = api.post("/api/v1/orders", ApiClient.order("soak-" + n, 1000 + n));
            if (created.status() != 201) {
                throw new AssertionError("API order answered " + created.status() + ": " + created.body());
            }
            String id = created.body().get("id").asString();
            new Payer(gateway.url()).payAtHelloAsso(URI.create(created.body().get("checkoutUrl").asString()),
                    "host" + n + "@example.org");
            paid.add(id);
            ApiClient.Response read = api.get("/api/v1/orders/" + id);
            if (read.status() != 200) {
                throw new AssertionError("API read answered " + read.status());
            }
        }

        private void ready() {
            int status = gateway.status("/actuator/health/readiness");
            if (status != 200) {
                throw new AssertionError("readiness answered " + status);
            }
        }

        private long undelivered() {
            Set<String> delivered = host.received().stream().filter(r -> "order.paid".equals(r.event()))
                    .map(WebhookReceiver.Received::orderId).collect(Collectors.toSet());
            return paid.stream().filter(order -> !delivered.contains(order)).count();
        }

        /** A count from the database, the gateway stopped (the embedded database is one process's at a time). */
        private int count(String sql) throws Exception {
            String url = postgresBase == null
                    ? "jdbc:h2:file:" + data.resolve("passerelle") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                    : postgresBase + (postgresBase.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            try (Connection connection = postgresBase == null ? DriverManager.getConnection(url, "sa", "")
                    : DriverManager.getConnection(url); ResultSet rs = connection.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        }

        private Sample sample(Instant started) {
            return new Sample(Duration.between(started, Instant.now()), gateway.rssKib(),
                    metric("jvm_memory_used_bytes{", "area=\"heap\""), databaseBytes(), paid.size());
        }

        private long databaseBytes() {
            try {
                if (postgresBase == null) {
                    return Files.size(data.resolve("passerelle.mv.db"));
                }
                try (Connection connection = DriverManager.getConnection(postgresBase);
                     ResultSet rs = connection.createStatement().executeQuery(
                             "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n"
                                     + " ON n.oid = c.relnamespace WHERE n.nspname = '" + schema + "' AND c.relkind = 'r'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Sum of a Prometheus metric's series whose line starts with {@code prefix} and contains {@code label}. */
        private double metric(String prefix, String label) {
            try {
                String body = http.send(HttpRequest.newBuilder(gateway.url().resolve("/actuator/prometheus"))
                        .header("Authorization", "Bearer " + METRICS_TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                return body.lines().filter(line -> line.startsWith(prefix) && line.contains(label))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void cleanUp() {
            if (gateway != null && gateway.alive()) {
                gateway.kill();
            }
            if (host != null) {
                host.close();
            }
            if (helloAsso != null) {
                helloAsso.close();
            }
            if (postgresBase != null) {
                try (Connection connection = DriverManager.getConnection(postgresBase)) {
                    connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (Exception e) {
                    System.out.println("could not drop " + schema + ": " + e);
                }
            }
        }
    }
}
