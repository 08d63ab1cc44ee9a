package org.passerelle.gateway.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayProcess;
import org.passerelle.gateway.support.Payer;
import org.passerelle.gateway.support.TestJvm;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.HelloAssoEnvironment;
import org.passerelle.helloasso.emulator.EmulatorConfig;
import org.passerelle.helloasso.emulator.HelloAssoEmulator;
import org.passerelle.helloasso.model.CheckoutIntentRequest;
import org.passerelle.helloasso.model.CheckoutPayer;
import org.springframework.util.FileSystemUtils;

/**
 * The gateway's own share of a checkout, as in production, where the payers' browsers and HelloAsso are not on the
 * gateway's machine: the packaged gateway runs in its own process pinned to core 0 ({@code taskset}), the payers and
 * the emulated HelloAsso (100 ms of latency) in this JVM pinned to core 1. {@link CheckoutBenchmark} measures the same
 * with everything sharing both cores in one JVM, which times the payers' and HelloAsso's CPU into the gateway's share
 * as concurrency rises. Needs the jar and two cores; not part of the test suite. Run it with
 * {@code ./mvnw -pl gateway -am package -DskipTests} then
 * {@code ./mvnw -pl gateway test -Dtest=CheckoutOwnCoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dtest.jvm.options=}.
 * It prints its figures and writes them to gateway/target/checkout-own-core-benchmark.txt.
 */
@ExtendWith(TestJvm.FullJit.class)
class CheckoutOwnCoreBenchmark {

    private static final Duration LATENCY = Duration.ofMillis(100);
    private static final int[] CONCURRENCY = {1, 4, 16, 64};
    private static final String ORGANIZATION = "benchmark-club";
    private static final String CLIENT_ID = "benchmark-client-id";
    private static final String CLIENT_SECRET = "benchmark-client-secret";
    private static final String OFFER = "atelier-initiation";
    private static final String METRICS_TOKEN = "benchmark-metrics-token-0123456789abcdef0123";

    private final StringBuilder report = new StringBuilder();

    @Test
    void run() throws Exception {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            throw new IllegalStateException("two cores needed: one for the gateway, one for the payers and HelloAsso");
        }
        pin(ProcessHandle.current().pid(), 1);
        Path data = Files.createTempDirectory(Path.of(System.getProperty("checkout.data.parent", System.getProperty("java.io.tmpdir"))), "passerelle-checkout-benchmark");
        try (HelloAssoEmulator helloAsso = HelloAssoEmulator.start(EmulatorConfig.builder().port(0)
                .organization(ORGANIZATION).client(CLIENT_ID, CLIENT_SECRET).build())) {
            int port = GatewayProcess.freePort();
            // the limits of the other benchmark (every payer here comes from 127.0.0.1)
            GatewayProcess gateway = GatewayProcess.start(port, Path.of("target", "checkout-own-core-gateway.log"),
                    gatewayJvmOptions(), List.of(
                            "--passerelle.data-dir=" + data,
                            "--passerelle.helloasso.client-id=" + CLIENT_ID,
                            "--passerelle.helloasso.client-secret=" + CLIENT_SECRET,
                            "--passerelle.helloasso.organization=" + ORGANIZATION,
                            "--passerelle.helloasso.environment=" + helloAsso.baseUrl(),
                            "--passerelle.notifications.key=benchmark-notification-key-0123456789abcdef",
                            "--passerelle.admin.metrics-token=" + METRICS_TOKEN,
                            "--passerelle.offers[0].id=" + OFFER,
                            "--passerelle.offers[0].name=Atelier d'initiation (une place)",
                            "--passerelle.offers[0].price=4000",
                            "--passerelle.limits.helloasso-calls-per-order=1000",
                            "--passerelle.limits.payer-actions-per-address=100000000",
                            "--passerelle.limits.orders-per-address=100000000",
                            // the warm-up's abandoned checkouts would have their follow-up verifications (+1 min…)
                            // run during the timed phases, at ten times the rate of the one-payer phase's checkouts
                            "--passerelle.reconcile.follow-ups=1h",
                            // another database, say (-Dcheckout.gateway.database=jdbc:postgresql://…)
                            "--spring.datasource.url=" + System.getProperty("checkout.gateway.database",
                                    "jdbc:h2:file:" + data.resolve("passerelle") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                                            + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE")));
            try {
                pin(gateway.pid(), 0);
                HelloAssoClient client = HelloAssoClient.builder()
                        .environment(HelloAssoEnvironment.custom(helloAsso.baseUrl()))
                        .clientId(CLIENT_ID).clientSecret(CLIENT_SECRET).build();
                helloAsso.control().latency(LATENCY);
                print("Checkout creation, gateway alone on core 0, payers and HelloAsso (latency %d ms) on core 1,"
                        + " Java %s%n", LATENCY.toMillis(), Runtime.version());
                String warmUp = Latencies.warmUp(gateway.pid(), count -> placeOrders(gateway.url(), count),
                        () -> new Browser(gateway.url()));
                Map<Integer, List<URI>> phases = Latencies.ordersForPhases(CONCURRENCY,
                        count -> placeOrders(gateway.url(), count));
                timeDirect(client, 16, 2000);
                print("%s; the phases' %d orders placed, then the gateway idle after %d ms%n", warmUp,
                        phases.values().stream().mapToInt(List::size).sum(), Latencies.awaitIdle(gateway.pid()));
                print("%-11s %10s %10s %10s %10s %12s %12s %14s %14s%n", "concurrency", "gw p50 ms", "gw p99 ms",
                        "api p50 ms", "api p99 ms", "added p50", "added p99", "checkouts/s", "server mean ms");
                for (int threads : CONCURRENCY) {
                    List<URI> payUrls = phases.get(threads);
                    int count = payUrls.size();
                    double[] before = payTimer(gateway.url());
                    Latencies viaGateway = Latencies.checkouts(threads, payUrls, () -> new Browser(gateway.url()));
                    double[] after = payTimer(gateway.url());
                    Latencies direct = timeDirect(client, threads, count);
                    print("%-11d %10.1f %10.1f %10.1f %10.1f %12.1f %12.1f %14.1f %14.1f%n", threads,
                            viaGateway.percentile(50), viaGateway.percentile(99), direct.percentile(50),
                            direct.percentile(99), viaGateway.percentile(50) - direct.percentile(50),
                            viaGateway.percentile(99) - direct.percentile(99), viaGateway.throughput(),
                            (after[1] - before[1]) / (after[0] - before[0]));
                }
                print("server mean: GET /pay/{orderId} as the gateway's own http.server.requests timer saw it (Tomcat"
                        + " in to Tomcat out), HelloAsso's round trip included%n");
            } finally {
                gateway.stop(Duration.ofSeconds(30));
            }
        } finally {
            FileSystemUtils.deleteRecursively(data.toFile());
            Files.writeString(Path.of("target", "checkout-own-core-benchmark.txt"), report);
        }
    }

    /** {count, total ms} of the gateway's own timer of GET /pay/{orderId} so far, read from its Prometheus scrape. */
    private static double[] payTimer(URI gateway) throws Exception {
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        gateway.resolve("/actuator/prometheus")).header("Authorization", "Bearer " + METRICS_TOKEN).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        double count = 0;
        double seconds = 0;
        for (String line : metrics.lines().toList()) {
            if (line.contains("uri=\"/pay/{orderId}\"")) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith("http_server_requests_seconds_count{")) {
                    count += value;
                } else if (line.startsWith("http_server_requests_seconds_sum{")) {
                    seconds += value;
                }
            }
        }
        return new double[] {count, seconds * 1000};
    }

    /** The recommended start's memory settings (docs/going-live.md), or -Dcheckout.gateway.jvm's instead. */
    private static List<String> gatewayJvmOptions() {
        String options = System.getProperty("checkout.gateway.jvm", "").trim();
        return options.isEmpty() ? List.of("-XX:+UseSerialGC", "-Xms32m") : List.of(options.split("\\s+"));
    }

    /** Fresh orders, placed untimed: GET on each pay URL creates one checkout intent. */
    private static List<URI> placeOrders(URI gateway, int count) {
        Payer placing = new Payer(gateway);
        List<URI> payUrls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            payUrls.add(placing.placeOrder(OFFER, "payer" + i + "@example.org"));
        }
        return payUrls;
    }

    /** The same HelloAsso call (create a checkout intent) made directly. */
    private static Latencies timeDirect(HelloAssoClient client, int threads, int count) throws Exception {
        List<Callable<Void>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(() -> {
                client.checkoutIntents().create(ORGANIZATION, CheckoutIntentRequest.builder().itemName("Atelier")
                        .amount(4000).containsDonation(false)
                        .payer(new CheckoutPayer("Marie", "Curie", "marie.curie@example.org", null, null, null, null,
                                "FRA", null))
                        .returnUrl("http://localhost/r").backUrl("http://localhost/b").errorUrl("http://localhost/e")
                        .metadata(Map.of("passerelleOrderId", "benchmark")).build());
                return null;
            });
        }
        return Latencies.measure(threads, calls);
    }

    /** Every thread of the process, and those it starts later, on this core only. */
    private static void pin(long pid, int core) throws Exception {
        Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", String.valueOf(core), String.valueOf(pid))
                .redirectErrorStream(true).start();
        String output = new String(taskset.getInputStream().readAllBytes());
        if (taskset.waitFor() != 0) {
            throw new IllegalStateException("taskset failed: " + output);
        }
    }

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.print(line);
        report.append(line);
    }
}
