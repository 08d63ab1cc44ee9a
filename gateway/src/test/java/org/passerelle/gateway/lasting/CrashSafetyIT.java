package org.passerelle.gateway.lasting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.support.GatewayProcess;
import org.passerelle.gateway.support.Payer;
import org.passerelle.gateway.support.TestDatabases;
import org.passerelle.gateway.support.WebhookReceiver;
import org.passerelle.helloasso.emulator.EmulatorConfig;
import org.passerelle.helloasso.emulator.HelloAssoEmulator;
import org.springframework.util.FileSystemUtils;

/**
 * The packaged gateway, a process of its own in "real HelloAsso" mode (HelloAsso is an emulator in this JVM, so that
 * killing the gateway does not kill HelloAsso), is killed with SIGKILL twice — once while payers come back and
 * payments are being verified and fulfilled, once while webhooks are in flight to a slow host — and started again on
 * the same database each time. In the end every order paid at HelloAsso is PAID, and each {@code order.paid} reached
 * each endpoint under one {@code webhook-id} (a host may see an id twice when the gateway died before reading its
 * answer; it dedupes on the id), with one delivery row per order and endpoint, all delivered: nothing lost, nothing
 * fulfilled twice. Then a SIGTERM with an order page's live stream open stops the gateway in seconds.
 */
class CrashSafetyIT {

    private static final String ORGANIZATION = "crash-test";
    private static final String CLIENT_ID = "crash-client-id";
    private static final String CLIENT_SECRET = "crash-client-secret";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NOTIFICATION_KEY = "crash-test-notification-key-0123456789abcdef";
    private static final String METRICS_TOKEN = "crash-metrics-token-0123456789abcdef0123";
    private static final int PAYERS_PER_WAVE = 8;

    private final List<AutoCloseable> cleanUp = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : cleanUp.reversed()) {
            closeable.close();
        }
    }

    @Test
    void onTheEmbeddedFileDatabaseNothingIsLostOrDeliveredTwice() throws Exception {
        Path data = Files.createTempDirectory("passerelle-crash");
        cleanUp.add(() -> FileSystemUtils.deleteRecursively(data.toFile()));
        // read once the gateway has stopped (the embedded database is one process's at a time)
        String url = "jdbc:h2:file:" + data.resolve("passerelle") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        survivesKills(data, List.of("--passerelle.data-dir=" + data), url);
    }

    @Test
    void onPostgresNothingIsLostOrDeliveredTwice() throws Exception {
        TestDatabases.requirePostgres("crash safety on PostgreSQL");
        TestDatabases.EmptySchema schema = TestDatabases.emptyPostgresSchema("passerelle_crash");
        cleanUp.add(schema);
        Path data = Files.createTempDirectory("passerelle-crash-pg");
        cleanUp.add(() -> FileSystemUtils.deleteRecursively(data.toFile()));
        String url = schema.url();
        survivesKills(data, List.of("--passerelle.data-dir=" + data, "--spring.datasource.url=" + url,
                "--spring.datasource.username="), url);
    }

    private void survivesKills(Path data, List<String> database, String jdbcUrl) throws Exception {
        HelloAssoEmulator helloAsso = HelloAssoEmulator.start(EmulatorConfig.builder().port(0)
                .organization(ORGANIZATION).client(CLIENT_ID, CLIENT_SECRET).build());
        cleanUp.add(helloAsso::close);
        WebhookReceiver host = new WebhookReceiver(SECRET, Duration.ofMillis(1500));
        cleanUp.add(host);
        int port = GatewayProcess.freePort();
        List<String> arguments = new ArrayList<>(database);
        arguments.addAll(List.of(
                "--passerelle.helloasso.client-id=" + CLIENT_ID,
                "--passerelle.helloasso.client-secret=" + CLIENT_SECRET,
                "--passerelle.helloasso.organization=" + ORGANIZATION,
                "--passerelle.helloasso.environment=" + helloAsso.baseUrl(),
                "--passerelle.notifications.key=" + NOTIFICATION_KEY,
                "--passerelle.admin.metrics-token=" + METRICS_TOKEN,
                // real mode shows no sample offer: the association's own, as payers would see it
                "--passerelle.offers[0].id=atelier-initiation",
                "--passerelle.offers[0].name=Atelier d'initiation (une place)",
                "--passerelle.offers[0].price=4000",
                "--passerelle.webhooks.endpoints[0].url=" + host.url("a"),
                "--passerelle.webhooks.endpoints[0].secret=" + SECRET,
                "--passerelle.webhooks.endpoints[1].url=" + host.url("b"),
                "--passerelle.webhooks.endpoints[1].secret=" + SECRET,
                // what a dead instance held is taken over after its claim expires: seconds here, minutes by default
                "--passerelle.fulfilment.claim-duration=5s",
                "--passerelle.fulfilment.sweep-interval=1s",
                "--passerelle.notifications.claim-duration=5s",
                "--passerelle.notifications.sweep-interval=1s",
                "--passerelle.webhooks.claim-duration=5s",
                "--passerelle.webhooks.sweep-interval=1s",
                "--passerelle.webhooks.request-timeout=4s",
                "--passerelle.webhooks.retry-schedule=1s,2s,5s",
                "--passerelle.reconcile.interval=2s",
                "--passerelle.live-status.stream-timeout=3s",
                "--db-scheduler.polling-interval=500ms",
                "--spring.datasource.hikari.maximum-pool-size=5"));
        helloAsso.control().setNotificationUrl("http://localhost:" + port + "/helloasso/notifications/"
                + NOTIFICATION_KEY, null);
        Path log = data.resolve("gateway.log");
        // kept in target/ for whoever looks into a failure (the data folder is deleted)
        cleanUp.add(() -> Files.copy(log, Path.of("target", "CrashSafetyIT-" + data.getFileName() + ".log")));
        List<String> jvm = List.of("-Xmx256m");

        Map<String, String> tokens = new ConcurrentHashMap<>();   // order paid at HelloAsso → its access token
        Set<String> paidAtHelloAsso = tokens.keySet();
        ExecutorService payers = Executors.newVirtualThreadPerTaskExecutor();
        cleanUp.add(payers::shutdownNow);

        // 1. killed while payers come back and their payments are verified and fulfilled
        GatewayProcess gateway = GatewayProcess.start(port, log, jvm, arguments);
        List<Future<?>> wave = payWave(payers, gateway.url(), "first", tokens);
        await().atMost(Duration.ofMinutes(3)).until(() -> host.inFlight() > 0 && host.received().size() >= 3);
        gateway.kill();
        waitFor(wave);

        // 2. started again; killed while webhooks (the first wave's, a second wave's) are in flight to the slow host
        gateway = GatewayProcess.start(port, log, jvm, arguments);
        wave = payWave(payers, gateway.url(), "second", tokens);
        waitFor(wave);
        await().atMost(Duration.ofMinutes(3)).until(() -> host.inFlight() > 0
                && host.received().stream().anyMatch(r -> r.body().contains("second")));
        gateway.kill();

        // 3. started again: everything paid at HelloAsso ends PAID and delivered, without anyone's help
        gateway = GatewayProcess.start(port, log, jvm, arguments);
        GatewayProcess last = gateway;
        assertThat(paidAtHelloAsso).as("payers who paid at HelloAsso").hasSizeGreaterThanOrEqualTo(PAYERS_PER_WAVE);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Map<String, Set<String>>> ids = webhookIds(host);
            assertThat(ids.keySet()).as("orders with order.paid received").containsAll(paidAtHelloAsso);
            paidAtHelloAsso.forEach(order -> assertThat(ids.get(order).keySet()).as(order).containsExactlyInAnyOrder("a", "b"));
            assertThat(metric(last, "passerelle_webhooks_queue_depth")).isZero();
            assertThat(metric(last, "passerelle_fulfilments_queue_depth")).isZero();
            assertThat(host.inFlight()).isZero();
        });

        // an order page left open longer than its stream lasts: the stream ends quietly (no WARN in the log)
        Payer.Paid waiting = new Payer(gateway.url()).startCheckout("atelier-initiation", "waiting@example.org");
        HttpResponse<java.io.InputStream> expired = liveStatus(gateway, waiting);
        long ended = System.nanoTime();
        expired.body().readAllBytes();   // until the gateway ends the stream
        assertThat(Duration.ofNanos(System.nanoTime() - ended)).as("stream timeout").isLessThan(Duration.ofSeconds(20));

        // a clean stop with an order page open (its live-status stream) takes seconds, not the 30 s grace period
        HttpResponse<java.io.InputStream> open = liveStatus(gateway, waiting);
        Duration stopped = gateway.stop(Duration.ofSeconds(60));
        open.body().close();
        System.out.println("crash safety: stopped in " + stopped.toMillis() + " ms with an order page open");
        assertThat(stopped).as("SIGTERM to exit").isLessThan(Duration.ofSeconds(10));
        assertThat(gateway.logLines("WARN")).as("WARN lines").noneMatch(line -> line.contains("AsyncRequestTimeout"));

        // what the host saw: one webhook-id per order and endpoint, every request signed, a repeat identical
        Map<String, Map<String, Set<String>>> ids = webhookIds(host);
        for (String order : paidAtHelloAsso) {
            for (String endpoint : List.of("a", "b")) {
                assertThat(ids.get(order).get(endpoint)).as("webhook-ids of %s at %s", order, endpoint).hasSize(1);
            }
        }
        assertThat(host.received()).allMatch(WebhookReceiver.Received::signed, "signed");
        assertThat(host.received().stream().collect(Collectors.groupingBy(r -> r.endpoint() + r.webhookId(),
                Collectors.mapping(WebhookReceiver.Received::body, Collectors.toSet()))).values())
                .allMatch(bodies -> bodies.size() == 1, "a repeated webhook-id carries the same body");

        // what the database says, the gateway stopped
        try (Connection db = DriverManager.getConnection(jdbcUrl, jdbcUrl.startsWith("jdbc:h2") ? "sa" : null,
                jdbcUrl.startsWith("jdbc:h2") ? "" : null)) {
            Map<String, String> status = rows(db, "SELECT id, status FROM orders");
            for (String order : paidAtHelloAsso) {
                assertThat(status.get(order)).as(order).isEqualTo("PAID");
            }
            assertThat(rows(db, """
                    SELECT order_id, COUNT(*) || ' ' || MIN(status) || ' ' || MAX(status) FROM fulfilments
                    WHERE event = 'order.paid' GROUP BY order_id""").values()).as("one outbox row per paid order")
                    .hasSize(paidAtHelloAsso.size()).containsOnly("1 DELIVERED DELIVERED");
            Map<String, String> deliveries = rows(db, """
                    SELECT order_id || ' ' || endpoint_url, COUNT(*) || ' ' || MIN(status) || ' ' || MAX(webhook_id)
                    FROM webhook_deliveries WHERE event = 'order.paid' GROUP BY order_id, endpoint_url""");
            assertThat(deliveries).hasSize(paidAtHelloAsso.size() * 2);
            for (String order : paidAtHelloAsso) {
                for (String endpoint : List.of("a", "b")) {
                    assertThat(deliveries.get(order + " " + host.url(endpoint))).as("%s at %s", order, endpoint)
                            .isEqualTo("1 DELIVERED " + ids.get(order).get(endpoint).iterator().next());
                }
            }
        }
        List<String> errors = last.logLines("ERROR");
        System.out.printf("crash safety: %d orders paid, %d webhook requests for %d deliveries (%d repeats after kills)%n",
                paidAtHelloAsso.size(), host.received().size(), paidAtHelloAsso.size() * 2,
                host.received().size() - paidAtHelloAsso.size() * 2);
        assertThat(errors).as("ERROR lines in the gateway's log (three runs)").isEmpty();
    }

    /** Payers pay at HelloAsso; two in three come back to the gateway (those who don't leave it to notifications). */
    private List<Future<?>> payWave(ExecutorService payers, URI gateway, String wave, Map<String, String> paid) {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < PAYERS_PER_WAVE; i++) {
            int n = i;
            futures.add(payers.submit(() -> {
                Payer payer = new Payer(gateway);
                Payer.Paid order;
                try {
                    order = payer.payAtHelloAsso("atelier-initiation", wave + n + "@example.org");
                } catch (RuntimeException | AssertionError gatewayKilled) {
                    // the gateway died before HelloAsso took the money: nothing to find later
                    System.out.println("payer " + wave + n + " could not pay: " + gatewayKilled.toString().lines().findFirst().orElse(""));
                    return;
                }
                paid.put(order.orderId(), order.token());
                if (n % 3 != 2) {
                    try {
                        payer.comeBack(order);
                    } catch (RuntimeException | AssertionError gatewayKilled) {
                        // back to a dead gateway: the notification or the reconciliation must settle it
                    }
                }
            }));
        }
        return futures;
    }

    private static void waitFor(List<Future<?>> futures) throws Exception {
        for (Future<?> future : futures) {
            future.get(2, java.util.concurrent.TimeUnit.MINUTES);
        }
    }

    private HttpResponse<java.io.InputStream> liveStatus(GatewayProcess gateway, Payer.Paid order) throws Exception {
        HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(gateway.url().resolve(
                        "/orders/" + order.orderId() + "/events?t=" + order.token()))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/event-stream"));
        return stream;
    }

    /** order → endpoint → distinct webhook-ids of order.paid received. */
    private static Map<String, Map<String, Set<String>>> webhookIds(WebhookReceiver host) {
        Map<String, Map<String, Set<String>>> ids = new HashMap<>();
        host.received().stream().filter(r -> "order.paid".equals(r.event())).forEach(r -> ids
                .computeIfAbsent(r.orderId(), o -> new HashMap<>())
                .computeIfAbsent(r.endpoint(), e -> new java.util.HashSet<>()).add(r.webhookId()));
        return ids;
    }

    private double metric(GatewayProcess gateway, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(gateway.url().resolve("/actuator/prometheus"))
                .header("Authorization", "Bearer " + METRICS_TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static Map<String, String> rows(Connection db, String sql) throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }
}
