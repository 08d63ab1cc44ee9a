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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.passerelle.gateway.notification.InboxEntry;
import org.passerelle.gateway.notification.NotificationInbox;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.passerelle.gateway.support.Notifications;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.TestJvm;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.model.CheckoutIntentRequest;
import org.passerelle.helloasso.model.CheckoutPayer;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Checkout creation through the gateway against the emulator with 100 ms of injected HelloAsso latency, at rising
 * concurrency, side by side with the same HelloAsso call made directly. Not part of the test suite (the name matches
 * neither *Test, *Tests nor *IT); run it with
 * {@code ./mvnw -pl gateway -am test -Dtest=CheckoutBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * It prints its figures and writes them to gateway/target/checkout-benchmark.txt.
 */
@ExtendWith(TestJvm.FullJit.class)
class CheckoutBenchmark extends GatewayTestSupport {

    /** The figures are the gateway's: exchanges are not validated against HelloAsso's spec while measuring. */
    @Override
    protected boolean heldToHelloAssoSpec() {
        return false;
    }


    private static final Duration LATENCY = Duration.ofMillis(100);
    private static final int[] CONCURRENCY = {1, 4, 16, 64};

    @Autowired
    HelloAssoClient client;
    @Autowired
    NotificationInbox inbox;
    @Autowired
    NotificationSecrets secrets;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private final StringBuilder report = new StringBuilder();

    @Test
    void run() throws Exception {
        emulator().control().latency(LATENCY);
        try {
            print("Checkout creation, HelloAsso latency %d ms, %d cores, Java %s%n", LATENCY.toMillis(),
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            long pid = ProcessHandle.current().pid();
            String warmUp = Latencies.warmUp(pid, this::placeOrders, this::browser);
            Map<Integer, List<URI>> phases = Latencies.ordersForPhases(CONCURRENCY, this::placeOrders);
            List<URI> inStep = placeOrders(phases.get(16).size());
            timeDirect(16, 2000, Duration.ZERO);
            print("%s; the phases' %d orders placed, then idle after %d ms%n", warmUp,
                    phases.values().stream().mapToInt(List::size).sum() + inStep.size(), Latencies.awaitIdle(pid));
            print("%-11s %10s %10s %10s %10s %10s %10s %12s %14s %10s %10s %10s%n", "concurrency", "gw p50 ms",
                    "gw p99 ms", "api p50 ms", "api p99 ms", "added p50", "added p99", "checkouts/s", "server mean ms",
                    "gw cpu ms", "api cpu ms", "gw gc ms");
            for (int threads : CONCURRENCY) {
                timePhase(String.valueOf(threads), threads, phases.get(threads), LATENCY);
            }
            timePhase("16 in step", 16, inStep, Duration.ZERO);
            print("Payers' first clicks spread over one HelloAsso round trip; \"in step\": all at the same instant,"
                    + " so that every round is a burst of 16 (the benchmark's only way until 2026-12-06)%n");
            print("gw/api cpu: CPU time of the whole process (payers, gateway, emulated HelloAsso, JIT, GC) per checkout"
                    + " through the gateway / per direct call; gw gc: milliseconds of garbage collection in the gateway"
                    + " phase%n");
            print("server mean: GET /pay/{orderId} as the gateway's own http.server.requests timer saw it (Tomcat to"
                    + " Tomcat, without the test client's side of the HTTP hop), HelloAsso's round trip included%n");
            long tokensDuringRun = emulator().control().callCount("token");
            apiCallsPerPaidOrder(50);
            print("Token requests during the whole run (all checkouts above): %d%n", tokensDuringRun);
        } finally {
            emulator().control().clearFaults();
            Files.writeString(Path.of("target", "checkout-benchmark.txt"), report);
        }
    }

    /** One line of the table: checkouts through the gateway, then as many direct calls, at the same concurrency. */
    private void timePhase(String label, int threads, List<URI> payUrls, Duration spreadOver) throws Exception {
        int count = payUrls.size();
        double[] before = payTimer();
        Latencies.Usage usage = Latencies.Usage.start();
        Latencies gateway = Latencies.checkouts(threads, payUrls, this::browser, spreadOver);
        Latencies.Usage gatewayUsage = usage.stop(count);
        double[] after = payTimer();
        usage = Latencies.Usage.start();
        Latencies direct = timeDirect(threads, count, spreadOver);
        Latencies.Usage directUsage = usage.stop(count);
        print("%-11s %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f %12.1f %14.1f %10.2f %10.2f %10d%n", label,
                gateway.percentile(50), gateway.percentile(99), direct.percentile(50), direct.percentile(99),
                gateway.percentile(50) - direct.percentile(50), gateway.percentile(99) - direct.percentile(99),
                gateway.throughput(), (after[1] - before[1]) / (after[0] - before[0]),
                gatewayUsage.cpuMillisEach(), directUsage.cpuMillisEach(), gatewayUsage.gcMillis());
    }

    /** Live status: run alone with -Dtest='CheckoutBenchmark#paidVisibleOnThePayersPage'. */
    @Test
    void paidVisibleOnThePayersPage() throws Exception {
        try {
            print("Live status, %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
            liveStatus(20);   // warm-up
            liveStatus(200);
        } finally {
            Files.writeString(Path.of("target", "live-status-benchmark.txt"), report);
        }
    }

    /** Fresh orders, placed untimed: GET on each pay URL creates one checkout intent. */
    private List<URI> placeOrders(int count) {
        List<URI> payUrls = new ArrayList<>();
        Browser browser = browser();
        for (int i = 0; i < count; i++) {
            payUrls.add(placeOrder(browser, "atelier-initiation").payUrl());
        }
        return payUrls;
    }

    /** {count, total ms} of the gateway's own timer of GET /pay/{orderId} so far. */
    private double[] payTimer() {
        double count = 0;
        double millis = 0;
        for (io.micrometer.core.instrument.Timer timer : meters.find("http.server.requests").tag("uri", "/pay/{orderId}").timers()) {
            count += timer.count();
            millis += timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return new double[] {count, millis};
    }

    /** The same HelloAsso call (create a checkout intent) made directly with the client. */
    private Latencies timeDirect(int threads, int count, Duration spreadOver) throws Exception {
        String org = emulator().organizationSlug();
        List<Callable<Void>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(() -> {
                client.checkoutIntents().create(org, CheckoutIntentRequest.builder().itemName("Atelier").amount(4000)
                        .containsDonation(false)
                        .payer(new CheckoutPayer("Marie", "Curie", "marie.curie@example.org", null, null, null, null, "FRA", null))
                        .returnUrl("http://localhost/r").backUrl("http://localhost/b").errorUrl("http://localhost/e")
                        .metadata(java.util.Map.of("passerelleOrderId", "benchmark")).build());
                return null;
            });
        }
        return Latencies.measure(threads, calls, spreadOver);
    }

    private void apiCallsPerPaidOrder(int orders) {
        emulator().control().latency(Duration.ZERO);
        emulator().control().resetCalls();
        Browser browser = browser();
        List<String> paid = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            Placed placed = placeOrder(browser, "atelier-initiation");
            paid.add(placed.orderId());
            payOnHelloAsso(browser, goToHelloAsso(browser, placed), "4242424242424242");
            Browser.Page back = browser.get("/helloasso/return?s=" + state(placed) + "&checkoutIntentId="
                    + order(placed.orderId()).checkoutIntentId() + "&code=succeeded");
            if (!back.location().endsWith("notice=paid")) {
                throw new IllegalStateException("not paid: " + back.location());
            }
        }
        // HelloAsso's Payment and Order notifications of each payment (on, as in production) count too
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<InboxEntry> entries = inbox.latest(orders * 4).stream().filter(e -> paid.contains(e.orderId())).toList();
            return entries.size() == orders * 2 && entries.stream().noneMatch(e -> e.status() == InboxEntry.Status.RECEIVED);
        });
        var control = emulator().control();
        long creates = control.callCount("checkoutIntents.create");
        long reads = control.callCount("checkoutIntents.get");
        long tokens = control.callCount("token");
        long total = control.calls().size();
        print("HelloAsso API calls per paid order (%d orders paid through the return page, notifications on): %.2f"
                        + " (checkoutIntents.create %.2f, checkoutIntents.get %.2f, token %.2f)%n",
                orders, (double) total / orders, (double) creates / orders, (double) reads / orders, (double) tokens / orders);
    }

    /**
     * The gateway's share of "paid visible on the payer's page": an order page's event stream is open (PENDING shown),
     * the order is paid at HelloAsso with its notifications held back, then its Payment notification is POSTed to the
     * gateway; timed from the POST to the line of the stream that shows PAID (the read-back of the intent, from an
     * emulator answering in about a millisecond, is included).
     */
    private void liveStatus(int orders) throws Exception {
        emulator().control().latency(Duration.ZERO);
        emulator().control().dropNotifications(true);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        URI notificationUrl = URI.create(secrets.notificationUrl());
        List<Long> nanos = new ArrayList<>();
        List<Long> reference = new ArrayList<>();
        try {
            for (int i = 0; i < orders; i++) {
                Browser payer = browser();
                Placed placed = placeOrder(payer, "atelier-initiation");
                goToHelloAsso(payer, placed);
                java.util.concurrent.CompletableFuture<Long> shown = new java.util.concurrent.CompletableFuture<>();
                java.util.concurrent.CountDownLatch pending = new java.util.concurrent.CountDownLatch(1);
                var stream = http.sendAsync(java.net.http.HttpRequest.newBuilder(browser().resolve("/orders/"
                                + placed.orderId() + "/events?t=" + placed.token())).header("Accept", "text/event-stream").build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines());
                Thread reader = Thread.ofVirtual().start(() -> stream.thenAccept(response -> response.body().forEach(line -> {
                    if (line.contains("\"PENDING\"")) {
                        pending.countDown();
                    } else if (line.contains("\"PAID\"")) {
                        shown.complete(System.nanoTime());
                    }
                })).join());
                if (!pending.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the order page's stream showed no PENDING");
                }
                long intent = order(placed.orderId()).checkoutIntentId();
                int before = emulator().control().deliveredNotifications().size();
                emulator().control().pay(intent);
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> emulator().control().deliveredNotifications().size() >= before + 2);
                String body = emulator().control().deliveredNotifications().subList(before, before + 2).stream()
                        .filter(n -> n.eventType().equals("Payment")).findFirst().orElseThrow().body();
                long start = System.nanoTime();
                var answer = Notifications.post(notificationUrl, body, secrets.signatureKey(), null);
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("notification answered " + answer.statusCode());
                }
                nanos.add(shown.get(10, java.util.concurrent.TimeUnit.SECONDS) - start);
                stream.cancel(true);
                reader.join(Duration.ofSeconds(5));
                long t0 = System.nanoTime();
                if (payer.get("/orders/" + placed.orderId() + "/payment-status").status() != 200) {
                    throw new IllegalStateException("payment status not readable");
                }
                reference.add(System.nanoTime() - t0);
            }
        } finally {
            emulator().control().dropNotifications(false);
        }
        Latencies result = new Latencies(nanos, 1);
        print("Paid visible on the order page (notification POSTed -> PAID line of the event stream), %d orders:"
                + " p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", orders, result.percentile(50),
                result.percentile(90), result.percentile(99), result.percentile(100));
        Latencies simple = new Latencies(reference, 1);
        print("For reference, GET /orders/{id}/payment-status on the same machine meanwhile: p50 %.1f ms, p90 %.1f ms,"
                + " p99 %.1f ms, max %.1f ms%n", simple.percentile(50), simple.percentile(90), simple.percentile(99),
                simple.percentile(100));
    }

    private String state(Placed placed) {
        String returnUrl = (String) emulator().control().checkoutIntent(order(placed.orderId()).checkoutIntentId())
                .get("returnUrl");
        return returnUrl.substring(returnUrl.indexOf("?s=") + 3);
    }

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.print(line);
        report.append(line);
    }
}
