package org.passerelle.gateway.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.passerelle.gateway.PasserelleApplication;
import org.passerelle.gateway.audit.AuditRetention;
import org.passerelle.gateway.order.AccessTokens;
import org.passerelle.gateway.support.ScaleData;
import org.passerelle.gateway.support.TestDatabases;
import org.passerelle.gateway.support.TestJvm;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * The scale benchmark (issue 22): seeds N orders on PostgreSQL with set-based SQL (statuses mixed over two years, 5
 * audit events per order, a fulfilment and its delivery per paid order, every order owned by one API key as for a busy
 * host), then starts the gateway on that database and prints the median of 5 timings of each console page and API
 * call that grows with the data, and of the start-up itself. Not part of the suite; run it with (N defaults to 10000):
 *
 * <pre>
 * ./mvnw -B -ntp -pl gateway -am test -Dtest=ScaleBenchmark -Dscale.orders=100000 -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Last, it runs the audit retention's first purge (default 400 days) and prints the tables' sizes after it.
 * It needs {@code PASSERELLE_TEST_POSTGRES_URL}, works in a schema of its own (dropped at the end unless
 * {@code -Dscale.keep=true}) and writes its figures to gateway/target/scale-benchmark-N.txt. The database is seeded at
 * the schema of issue 21 (the last one before issue 22's migrations), then migrated to today's schema (timed: what an
 * upgrade costs on that much data), so that the same seed serves the code before and after the change.
 */
@ExtendWith(TestJvm.FullJit.class)
class ScaleBenchmark {

    private static final String ADMIN = "bench-admin";
    private static final String PASSWORD = "bench-admin-password-0123";
    private static final String METRICS_TOKEN = "bench-metrics-token-0123456789abcdef0123";
    private static final String API_SECRET = "pk_scale_benchmark_secret_0123456789abcdef";
    private static final int RUNS = 5;
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final int n = Integer.getInteger("scale.orders", 10_000);
    private final int starts = Integer.getInteger("scale.starts", RUNS);
    private final StringBuilder out = new StringBuilder();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private URI base;

    @Test
    void figures() throws Exception {
        TestDatabases.requirePostgres("scale benchmark");
        String root = System.getenv(TestDatabases.POSTGRES_URL_VARIABLE);
        String schema = TestDatabases.newSchema("scale");
        String url = root + (root.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Path dataDir = Files.createTempDirectory("passerelle-scale");
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setMaximumPoolSize(2);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        try {
            line("Scale benchmark, %,d orders on %s, %d cores, Java %s, %s", n,
                    jdbc.sql("SELECT version()").query(String.class).single().replaceAll(" on .*", ""),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), LocalDate.now());
            long t = System.nanoTime();
            Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true).target("21.2")
                    .locations("classpath:db/migration").load().migrate();
            ScaleData.seed(jdbc, n, AccessTokens.hash(API_SECRET));
            line("seeded in %.1f s: %s", (System.nanoTime() - t) / 1e9, sizes(jdbc));
            t = System.nanoTime();
            Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration").load()
                    .migrate();
            jdbc.sql("VACUUM ANALYZE").update();
            line("migrations after issue 21 (upgrade on this data) and VACUUM ANALYZE: %.1f s; %s",
                    (System.nanoTime() - t) / 1e9, sizes(jdbc));

            List<Double> startups = new ArrayList<>();
            ConfigurableApplicationContext gateway = null;
            for (int i = 0; i < starts; i++) {
                if (gateway != null) {
                    gateway.close();
                }
                t = System.nanoTime();
                gateway = start(url, dataDir);
                startups.add((System.nanoTime() - t) / 1e6);
            }
            try {
                base = URI.create("http://localhost:" + gateway.getEnvironment().getProperty("local.server.port"));
                login();
                String paidOrder = jdbc.sql("SELECT id FROM orders WHERE status = 'PAID' ORDER BY created_at DESC LIMIT 1 OFFSET 100")
                        .query(String.class).single();
                String email = jdbc.sql("SELECT payer_email FROM orders WHERE reference = :r").param("r", "ref-" + (n / 2))
                        .query(String.class).single();
                String emailStart = email.substring(0, email.indexOf('.') + 4);
                String lastName = jdbc.sql("SELECT payer_last_name FROM orders WHERE reference = :r")
                        .param("r", "ref-" + (n / 4)).query(String.class).single();
                String since = LocalDate.now(ZoneId.of("Europe/Paris")).minusDays(29).toString();
                line("");
                line("load average before the timings (other processes on the machine): %s", load());
                line("%-44s %10s %10s %10s", "ms, " + RUNS + " runs", "median", "1st byte", "fastest");
                time("console orders, page 1", () -> get("/admin/orders", false));
                time("console orders, e-mail search (exact)", () -> get("/admin/orders?q=" + encode(email), false));
                time("console orders, e-mail search (start)", () -> get("/admin/orders?q=" + encode(emailStart), false));
                time("console orders, name search", () -> get("/admin/orders?q=" + encode(lastName), false));
                time("console order detail", () -> get("/admin/orders/" + paidOrder, false));
                time("console dashboard", () -> get("/admin", false));
                time("console events list", () -> get("/admin/events", false));
                time("console events list, errors", () -> get("/admin/events?preset=errors", false));
                time("CSV export, all", () -> get("/admin/orders/export", false));
                time("CSV export, last 30 days", () -> get("/admin/orders/export?from=" + since, false));
                time("API GET /api/v1/orders?size=50", () -> get("/api/v1/orders?size=50", true));
                String middle = jdbc.sql("SELECT id FROM orders WHERE reference = :r").param("r", "ref-" + (n / 2))
                        .query(String.class).single();
                time("API GET /api/v1/orders?limit=50", () -> get("/api/v1/orders?limit=50", true));
                time("API cursor page in the middle", () -> get("/api/v1/orders?limit=50&after=" + middle, true));
                time("API GET ?size=50&page=199 (the deepest)", () -> get("/api/v1/orders?size=50&page=199", true));
                time("/actuator/prometheus (cache expired)", () -> {
                    sleep(Duration.ofMillis(5_200));
                    return get("/actuator/prometheus", true);
                });
                line("load average after the timings: %s", load());
                line("%-44s %10.0f %10s", "start-up (in-process, median of " + starts + ")", median(startups),
                        String.format(Locale.ROOT, "1st %.0f", startups.get(0)));

                // the same searches without pg_trgm (as on H2, or a database user who may not create it)
                gateway.close();
                gateway = null;
                jdbc.sql("DROP INDEX IF EXISTS orders_payer_search_idx").update();
                jdbc.sql("DROP INDEX IF EXISTS orders_reference_search_idx").update();
                gateway = start(url, dataDir);
                base = URI.create("http://localhost:" + gateway.getEnvironment().getProperty("local.server.port"));
                login();
                line("");
                line("without pg_trgm (prefix search, migration V26_2), load average %s", load());
                time("console orders, e-mail search (exact)", () -> get("/admin/orders?q=" + encode(email), false));
                time("console orders, e-mail search (start)", () -> get("/admin/orders?q=" + encode(emailStart), false));
                time("console orders, name search", () -> get("/admin/orders?q=" + encode(lastName), false));
                time("console orders, reference search (start)", () -> get("/admin/orders?reference=ref-" + (n / 3),
                        false));
                timeSql("the same e-mail search as before V26_2 (contains, no index)", jdbc,
                        "SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE " + db.migration.V25_1__scale_indexes.PAYER_SEARCH
                                + " LIKE '%" + email + "%' LIMIT 10001) c");
            } finally {
                if (gateway != null) {
                    gateway.close();
                }
            }
            timeSql("orders by status, whole table (before V26_2)", jdbc,
                    "SELECT status, COUNT(*) FROM orders GROUP BY status");
            timeSql("orders by status, status index (after)", jdbc,
                    "SELECT status, COUNT(*) FROM orders WHERE status IN ('CREATED', 'PENDING', 'PAID', 'FAILED',"
                            + " 'EXPIRED', 'CANCELLED', 'REFUNDING', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CONTESTED')"
                            + " GROUP BY status");
            t = System.nanoTime();
            int webhooks = new org.passerelle.gateway.retention.WebhookDeliveryRetention(jdbc)
                    .purgeDeliveredBefore(java.time.OffsetDateTime.now().minusDays(90));
            line("webhook retention, first purge (90 days): %,d delivered deliveries deleted in %.1f s", webhooks,
                    (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            int notifications = jdbc.sql("DELETE FROM notification_inbox WHERE status IN ('PROCESSED', 'IGNORED',"
                    + " 'REJECTED', 'MALFORMED') AND received_at < :cutoff AND (processed_at IS NULL OR processed_at < :cutoff)")
                    .param("cutoff", java.time.OffsetDateTime.now().minusDays(90)).update();
            line("notification retention, first purge (90 days, NotificationInbox's statement): %,d deleted in %.1f s",
                    notifications, (System.nanoTime() - t) / 1e9);
            jdbc.sql("VACUUM FULL ANALYZE webhook_deliveries").update();
            jdbc.sql("VACUUM FULL ANALYZE notification_inbox").update();
            // the audit retention's first purge on this data (default passerelle.audit.keep-detailed, 400 days)
            t = System.nanoTime();
            int purged = new AuditRetention(jdbc).purgeRoutineBefore(java.time.OffsetDateTime.now().minusDays(400));
            double purgeSeconds = (System.nanoTime() - t) / 1e9;
            jdbc.sql("VACUUM FULL ANALYZE audit_events").update();
            line("");
            line("audit retention, first purge (400 days): %,d routine events deleted in %.1f s; after VACUUM FULL: %s",
                    purged, purgeSeconds, sizes(jdbc));
        } finally {
            System.out.println(out);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/scale-benchmark-" + n + ".txt"), out.toString());
            if (!Boolean.getBoolean("scale.keep")) {
                jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
            } else {
                System.out.println("kept schema " + schema);
            }
            dataSource.close();
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    private static String sizes(JdbcClient jdbc) {
        List<String> sizes = new ArrayList<>();
        for (String table : List.of("orders", "audit_events", "fulfilments", "fulfilment_deliveries",
                "webhook_deliveries", "notification_inbox", "moodle_enrolments", "api_idempotency", "order_terms",
                "order_answers", "checkout_intents")) {
            sizes.add(table + " " + jdbc.sql("SELECT COALESCE(pg_size_pretty(pg_total_relation_size(to_regclass(:t))), '(none)')")
                    .param("t", table).query(String.class).single());
        }
        return String.join(", ", sizes);
    }

    private ConfigurableApplicationContext start(String url, Path dataDir) {
        return new SpringApplicationBuilder(PasserelleApplication.class).run(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=",
                "--server.port=0",
                "--passerelle.data-dir=" + dataDir,
                "--passerelle.emulator.port=0",
                "--passerelle.admin.username=" + ADMIN,
                "--passerelle.admin.password=" + PASSWORD,
                "--passerelle.admin.metrics-token=" + METRICS_TOKEN,
                "--passerelle.admin.zone=Europe/Paris",
                "--spring.main.banner-mode=off",
                // the timings read the whole seed; the benchmark runs the first purge itself at the end
                "--passerelle.audit.keep-detailed=0",
                "--passerelle.retention.keep-delivered-webhooks=0",
                "--passerelle.notifications.keep=36500d",
                "--logging.level.root=warn");
    }

    private void login() throws Exception {
        String page = http.send(HttpRequest.newBuilder(base.resolve("/admin/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF.matcher(page);
        if (!csrf.find()) {
            throw new AssertionError("no CSRF token on the login page");
        }
        String form = "username=" + ADMIN + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(base.resolve("/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 302 || done.headers().firstValue("Location").orElse("").contains("error")) {
            throw new AssertionError("login refused: " + done.statusCode() + " " + done.headers().map());
        }
    }

    /** Milliseconds to the response's first byte and to its last, after checking the status is 200. */
    private double[] get(String path, boolean bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5));
        if (bearer) {
            request.header("Authorization", "Bearer " + (path.startsWith("/api") ? API_SECRET : METRICS_TOKEN));
        }
        try {
            long start = System.nanoTime();
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int first = body.read();
                double firstByte = (System.nanoTime() - start) / 1e6;
                body.transferTo(java.io.OutputStream.nullOutputStream());
                double total = (System.nanoTime() - start) / 1e6;
                if (response.statusCode() != 200 || first < 0) {
                    throw new AssertionError(path + " answered " + response.statusCode());
                }
                return new double[] {total, firstByte};
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void time(String what, Supplier<double[]> call) {
        call.get();   // warm-up
        List<Double> totals = new ArrayList<>();
        List<Double> firstBytes = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            double[] t = call.get();
            totals.add(t[0]);
            firstBytes.add(t[1]);
        }
        line("%-44s %10.0f %10.0f %10.0f", what, median(totals), median(firstBytes), Collections.min(totals));
    }

    /** Median of 5 runs (after one) of a statement sent straight to the database, in ms. */
    private void timeSql(String what, JdbcClient jdbc, String sql) {
        List<Double> totals = new ArrayList<>();
        for (int i = 0; i <= RUNS; i++) {
            long start = System.nanoTime();
            jdbc.sql(sql).query((java.sql.ResultSet rs) -> { });
            if (i > 0) {
                totals.add((System.nanoTime() - start) / 1e6);
            }
        }
        line("%-44s %10.0f %10s %10.0f", what, median(totals), "", Collections.min(totals));
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        out.append(text).append('\n');
        System.out.println(text);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
