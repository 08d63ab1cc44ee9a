package org.passerelle.gateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.Verification;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.reconcile.ApiCallTally;
import org.passerelle.gateway.reconcile.ReconcileService;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.TestJvm;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.model.CheckoutIntentCreated;
import org.passerelle.helloasso.model.CheckoutIntentRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reconciliation of 10,000 pending orders against the emulator, 10% of them paid at HelloAsso with their notifications
 * lost: one reconciliation cycle (one paged listing, matched by checkoutIntentId) side by side, in the same run, with
 * the naive poller (one checkout-intent read per pending order), each on its own fresh set of 10,000 orders. Then the
 * steady state (a cycle that finds nothing new) with 100 ms of injected HelloAsso latency per call. Not part of the
 * test suite; run it with
 * {@code ./mvnw -pl gateway -am test -Dtest=ReconcileBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * It prints its figures and writes them to gateway/target/reconcile-benchmark.txt.
 */
@ExtendWith(TestJvm.FullJit.class)
class ReconcileBenchmark extends GatewayTestSupport {

    /** The figures are the gateway's: exchanges are not validated against HelloAsso's spec while measuring. */
    @Override
    protected boolean heldToHelloAssoSpec() {
        return false;
    }


    private static final int ORDERS = 10_000;
    private static final int PAID_EVERY = 10;
    private static final int AMOUNT = 4000;
    private static final Duration LATENCY = Duration.ofMillis(100);

    @Autowired
    HelloAssoClient client;
    @Autowired
    HelloAssoSettings helloAsso;
    @Autowired
    ReconcileService reconcile;
    @Autowired
    PaymentVerifier verifier;
    @Autowired
    ApiCallTally tally;
    @Autowired
    JdbcTemplate jdbcTemplate;

    private final StringBuilder report = new StringBuilder();

    /** What one approach did over one set of orders. */
    private record Outcome(int checked, int settled, int apiCalls, long durationMs) {
    }

    @Test
    void run() throws Exception {
        emulator().control().dropNotifications(true);   // every payment below is found by reconciliation only
        try {
            print("Reconciliation of %,d pending orders (%d%% paid at HelloAsso, notifications lost), page size 100,"
                    + " %d cores, Java %s%n", ORDERS, 100 / PAID_EVERY, Runtime.getRuntime().availableProcessors(),
                    Runtime.version());
            reconcile.runNow();   // warm-up on an empty window

            List<String> cycleSet = pendingOrders(ORDERS);
            ReconcileService.Figures cycle = reconcile.runNow();
            Outcome efficient = new Outcome(cycle.checked(), cycle.changed(), cycle.apiCalls(), cycle.durationMs());
            int paidByCycle = paid(cycleSet);
            leaveTheWindow();

            List<String> naiveSet = pendingOrders(ORDERS);
            Outcome naive = naiveCycle();
            int paidByNaive = paid(naiveSet);

            print("%-42s %10s %10s %10s %12s%n", "approach", "orders", "settled", "API calls", "duration ms");
            print("%-42s %,10d %,10d %,10d %,12d%n", "cycle: paged listing + match by intent", efficient.checked(),
                    paidByCycle, efficient.apiCalls(), efficient.durationMs());
            print("%-42s %,10d %,10d %,10d %,12d%n", "naive: one read per pending order", naive.checked(),
                    paidByNaive, naive.apiCalls(), naive.durationMs());

            // steady state: the same 10,000 orders (9,000 still pending), nothing new, real-world latency
            emulator().control().latency(LATENCY);
            ReconcileService.Figures steady = reconcile.runNow();
            print("Steady-state cycle over the same window with %d ms HelloAsso latency per call: %,d orders checked,"
                    + " %d changed, %d API calls, %,d ms%n", LATENCY.toMillis(), steady.checked(), steady.changed(),
                    steady.apiCalls(), steady.durationMs());
            print("The naive poller at the same latency: at least %,d calls x %d ms = %,d s per cycle, sequentially%n",
                    naive.apiCalls(), LATENCY.toMillis(), naive.apiCalls() * LATENCY.toMillis() / 1000);
        } finally {
            emulator().control().clearFaults().dropNotifications(false);
            Files.writeString(Path.of("target", "reconcile-benchmark.txt"), report);
        }
    }

    /**
     * {@code count} PENDING orders, each with a real checkout intent on the emulator (created concurrently, untimed),
     * stored as the checkout would store them; every {@link #PAID_EVERY}th one is then paid at HelloAsso.
     */
    private List<String> pendingOrders(int count) throws Exception {
        String org = helloAsso.organization();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        List<Future<Object[]>> created = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < count; i++) {
                String orderId = UUID.randomUUID().toString();
                created.add(pool.submit(() -> {
                    CheckoutIntentCreated intent = client.checkoutIntents().create(org, CheckoutIntentRequest.builder()
                            .itemName("Atelier d'initiation (une place)").amount(AMOUNT).containsDonation(false)
                            .returnUrl("http://localhost/r").backUrl("http://localhost/b").errorUrl("http://localhost/e")
                            .metadata(Map.of(PaymentVerifier.METADATA_ORDER_ID, orderId)).build());
                    return new Object[] {orderId, intent.id(), intent.redirectUrl()};
                }));
            }
        }
        List<Object[]> orders = new ArrayList<>();
        List<Object[]> intents = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Future<Object[]> future : created) {
            Object[] row = future.get();
            ids.add((String) row[0]);
            orders.add(new Object[] {row[0], "atelier-initiation", "Atelier d'initiation (une place)", AMOUNT, AMOUNT,
                    org, "0".repeat(64), row[1], now, now});
            intents.add(new Object[] {row[1], row[0], org, row[2], AMOUNT, now, now.plusMinutes(15)});
        }
        jdbcTemplate.batchUpdate("""
                INSERT INTO orders (id, status, offer_id, item_name, amount, initial_amount, organization_slug,
                    access_token_hash, checkout_intent_id, created_at, updated_at)
                VALUES (?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, orders);
        jdbcTemplate.batchUpdate("""
                INSERT INTO checkout_intents (intent_id, order_id, organization_slug, redirect_url, amount, created_at,
                    expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, intents);
        for (int i = 0; i < intents.size(); i += PAID_EVERY) {
            emulator().control().pay((Long) intents.get(i)[0]);
        }
        return ids;
    }

    /** What a hand-installed cron job does: every pending order of the window, one read each, one after the other. */
    private Outcome naiveCycle() {
        long started = System.nanoTime();
        ApiCallTally.Counted<int[]> counted = tally.count(() -> {
            int checked = 0;
            int settled = 0;
            List<Map<String, Object>> pending = jdbc.sql("""
                    SELECT id, checkout_intent_id FROM orders
                    WHERE status = 'PENDING' AND created_at >= :since ORDER BY created_at, id
                    """).param("since", OffsetDateTime.now(clock).minusHours(24)).query().listOfRows();
            for (Map<String, Object> row : pending) {
                checked++;
                Verification result = verifier.verify((String) row.get("id"),
                        ((Number) row.get("checkout_intent_id")).longValue(), VerificationSource.POLLER, null);
                if (result == Verification.PAID) {
                    settled++;
                }
            }
            return new int[] {checked, settled};
        });
        long durationMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        return new Outcome(counted.result()[0], counted.result()[1], counted.apiCalls(), durationMs);
    }

    /** The first set's orders leave the 24-hour window, so that the naive poller only sees its own set. */
    private void leaveTheWindow() {
        jdbc.sql("UPDATE orders SET created_at = :old WHERE status IN ('PENDING', 'EXPIRED')")
                .param("old", OffsetDateTime.now(clock).minusDays(2)).update();
    }

    private int paid(List<String> ids) {
        return (int) ids.stream().filter(id -> order(id).status() == OrderStatus.PAID).count();
    }

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.print(line);
        report.append(line);
    }
}
