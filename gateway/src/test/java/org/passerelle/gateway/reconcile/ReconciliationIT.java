package org.passerelle.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.Verification;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.Sleeper;
import org.passerelle.helloasso.model.FormType;
import org.passerelle.helloasso.model.OrderListParams;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The poller, done right, against the real emulator: one paged listing per cycle, the verifier deciding, failures
 * that never stop a cycle. Cycles are run directly (the scheduler is off in the shared test context).
 */
class ReconciliationIT extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    ReconcileService reconcile;
    @Autowired
    ReconcileRuns runs;
    @Autowired
    FollowUps followUps;
    @Autowired
    HelloAssoClient client;
    @Autowired
    org.passerelle.gateway.organization.OrganizationClients clients;
    @Autowired
    HelloAssoSettings helloAsso;
    @Autowired
    PaymentVerifier verifier;
    @Autowired
    ApiCallTally tally;
    @Autowired
    ReconcileProperties settings;
    @Autowired
    ObjectProvider<Sleeper> noSleeper;

    @BeforeEach
    void notificationsLost() {
        pastTheWindowOfEarlierOrders();
        emulator().control().dropNotifications(true);
        reconcile.runNow();   // settles (or expires) whatever earlier tests left pending
    }

    /**
     * A cycle looks at every order of the last {@code window} (24 h): orders left there by earlier tests and classes
     * (some created ahead of the machine's time, by a clock they moved) would count in this test's figures. Each test
     * starts a window after them.
     */
    private void pastTheWindowOfEarlierOrders() {
        jdbc.sql("SELECT MAX(created_at) FROM orders").query(OffsetDateTime.class).list().stream()
                .filter(java.util.Objects::nonNull).findFirst().ifPresent(newest -> {
            Duration ahead = Duration.between(clock.instant(), newest.toInstant().plus(settings.window()).plusSeconds(60));
            if (ahead.isPositive()) {
                clock.advance(ahead);
            }
        });
    }

    @AfterEach
    void notificationsBack() {
        emulator().control().dropNotifications(false).clearFaults();
    }

    /** A PENDING order with a checkout intent on the emulator. */
    private Placed pending(String offer) {
        Browser payer = browser();
        Placed placed = placeOrder(payer, offer);
        goToHelloAsso(payer, placed);
        return placed;
    }

    private long intentOf(Placed placed) {
        return order(placed.orderId()).checkoutIntentId();
    }

    /** The same service with another page size and a sleeper that records instead of sleeping. */
    private ReconcileService service(int pageSize, List<Duration> slept) {
        ReconcileProperties custom = new ReconcileProperties(settings.interval(), settings.window(),
                settings.abandonAfter(), settings.followUps(), pageSize, settings.maxRetryAfter(), settings.listingMargin(),
                settings.keepRuns());
        Sleeper recording = slept::add;
        return new ReconcileService(jdbc, clients, verifier, runs, tally, custom, new UtcClock(clock),
                new org.springframework.beans.factory.support.StaticListableBeanFactory(
                        java.util.Map.of("sleeper", recording)).getBeanProvider(Sleeper.class));
    }

    @Test
    void paymentsWhoseNotificationsWereLostArePaidByOneCycle() {
        Placed first = pending("atelier-initiation");
        Placed second = pending("adhesion-2026");
        Placed unpaid = pending("atelier-initiation");
        emulator().control().pay(intentOf(first));
        emulator().control().pay(intentOf(second));

        ReconcileService.Figures figures = reconcile.runNow();

        assertThat(order(first.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(order(second.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(order(unpaid.orderId()).status()).isEqualTo(OrderStatus.PENDING);
        assertThat(events(first.orderId())).filteredOn(e -> e.action().equals("payment.verified")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("(poller)"));
        assertThat(figures.changed()).isEqualTo(2);
        assertThat(figures.errors()).isZero();
        assertThat(figures.checked()).isGreaterThanOrEqualTo(3);
        await().atMost(WAIT).until(() -> deliveries(first.orderId()) == 1 && deliveries(second.orderId()) == 1);

        ReconcileRuns.Run run = runs.latest(1).getFirst();
        assertThat(run.id()).isEqualTo(figures.runId());
        assertThat(run.trigger()).isEqualTo(ReconcileService.MANUAL);
        assertThat(run.changed()).isEqualTo(2);
        assertThat(run.apiCalls()).isEqualTo(figures.apiCalls());
        assertThat(run.finishedAt()).isNotNull();

        // the next cycle finds nothing more to change
        assertThat(reconcile.runNow().changed()).isZero();
        assertThat(counting.calls(first.orderId())).isEqualTo(1);
    }

    @Test
    void aCycleMakesNoMoreCallsThanThePagesOfTheListingPlusOne() {
        List<Placed> orders = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            orders.add(pending("atelier-initiation"));
        }
        for (int i = 0; i < 4; i++) {
            emulator().control().pay(intentOf(orders.get(i)));
        }
        OffsetDateTime oldest = jdbc.sql("SELECT MIN(created_at) FROM orders WHERE status IN ('PENDING', 'EXPIRED')"
                + " AND created_at >= :since").param("since", OffsetDateTime.now(clock).minus(settings.window()))
                .query(OffsetDateTime.class).single();
        int listed = client.orders().list(helloAsso.organization(), OrderListParams.builder()
                .from(oldest.minus(settings.listingMargin())).formTypes(FormType.CHECKOUT).pageSize(100).build())
                .pagination().totalCount();
        long listCallsBefore = emulator().control().callCount("orders.list");
        long readsBefore = emulator().control().callCount("checkoutIntents.get");

        int pageSize = 3;
        ReconcileService.Figures figures = service(pageSize, new CopyOnWriteArrayList<>()).runNow();

        assertThat(orders.subList(0, 4)).allSatisfy(o -> assertThat(order(o.orderId()).status()).isEqualTo(OrderStatus.PAID));
        assertThat(figures.changed()).isEqualTo(4);
        int target = (listed + pageSize - 1) / pageSize + 1;
        assertThat(figures.apiCalls()).as("calls for %d listed orders, page size %d", listed, pageSize)
                .isLessThanOrEqualTo(target);
        assertThat(figures.apiCalls()).as("what HelloAsso received")
                .isEqualTo((int) (emulator().control().callCount("orders.list") - listCallsBefore
                        + emulator().control().callCount("checkoutIntents.get") - readsBefore));
        assertThat(emulator().control().callCount("checkoutIntents.get")).as("no read per order")
                .isEqualTo(readsBefore);

        // the scheduler's own cycle (page size 100): ceil(orders with a payment in the window / 100) + 1 at most
        long listCallsNow = emulator().control().callCount("orders.list");
        reconcile.runNow();
        assertThat(emulator().control().callCount("orders.list") - listCallsNow)
                .as("listing calls for %d listed orders, page size 100", listed)
                .isLessThanOrEqualTo((listed + 99) / 100 + 1);
    }

    @Test
    void helloAssoFailingDuringACycleNeverStopsItAndTheRestSettlesNextCycle() {
        Placed paid = pending("atelier-initiation");
        emulator().control().pay(intentOf(paid));

        // the listing fails (503, after the client's own retries): the cycle ends cleanly, nothing is lost
        emulator().control().failNext("orders.list", 3, 503);
        ReconcileService.Figures failed = reconcile.runNow();
        assertThat(failed.errors()).isEqualTo(1);
        assertThat(failed.note()).contains("listing");
        assertThat(order(paid.orderId()).status()).isEqualTo(OrderStatus.PENDING);

        // an abandoned checkout whose read-back fails, next to a payment the listing settles
        Placed abandoned = pending("adhesion-2026");
        clock.advance(Duration.ofMinutes(61));
        emulator().control().failNext("checkoutIntents.get", 3, 503);
        ReconcileService.Figures partly = reconcile.runNow();
        assertThat(order(paid.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(partly.errors()).isGreaterThanOrEqualTo(1);

        ReconcileService.Figures next = reconcile.runNow();
        assertThat(next.errors()).isZero();
        assertThat(order(abandoned.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
    }

    @Test
    void aRateLimitedListingWaitsForRetryAfterAndCompletes() {
        Placed paid = pending("atelier-initiation");
        emulator().control().pay(intentOf(paid));
        // three 429s: the client's two retries honour Retry-After, then the cycle waits once more itself
        emulator().control().rateLimitNext("orders.list", 3, Duration.ofSeconds(1));
        List<Duration> slept = new CopyOnWriteArrayList<>();

        ReconcileService.Figures figures = service(100, slept).runNow();

        assertThat(slept).containsExactly(Duration.ofSeconds(1));
        assertThat(figures.errors()).isZero();
        assertThat(order(paid.orderId()).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void anAbandonedCheckoutExpiresWithItsEventAndIsStillChecked() {
        Placed abandoned = pending("atelier-initiation");
        Placed recent = pending("atelier-initiation");
        clock.advance(Duration.ofMinutes(59));   // redirect expired 44 min ago: not yet abandoned
        reconcile.runNow();
        assertThat(order(abandoned.orderId()).status()).isEqualTo(OrderStatus.PENDING);

        clock.advance(Duration.ofMinutes(2));
        ReconcileService.Figures figures = reconcile.runNow();
        assertThat(order(abandoned.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(order(recent.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(figures.changed()).isGreaterThanOrEqualTo(2);
        assertThat(outbox.forOrder(abandoned.orderId())).singleElement()
                .satisfies(e -> assertThat(e.event()).isEqualTo(EventType.ORDER_EXPIRED));
        assertThat(events(abandoned.orderId())).extracting(e -> e.action()).contains("order.expired");

        // still in the window: the next cycles keep looking at it, without reading it again
        long reads = emulator().control().callCount("checkoutIntents.get");
        ReconcileService.Figures later = reconcile.runNow();
        assertThat(later.checked()).isGreaterThanOrEqualTo(2);
        assertThat(emulator().control().callCount("checkoutIntents.get")).isEqualTo(reads);
        assertThat(order(abandoned.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
    }

    @Test
    void aRefusedCheckoutTriedAgainThenAbandonedCountsAsChangedOnceNotEveryCycle() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);
        long refused = intentOf(placed);
        emulator().control().payWithBankValidation(refused);
        emulator().control().refuseBankValidations();   // the bank says no: HelloAsso's order shows a Refused payment
        assertThat(reconcile.runNow().changed()).isEqualTo(1);
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.FAILED);

        goToHelloAsso(payer, placed);   // the payer tries again, then leaves
        assertThat(intentOf(placed)).isNotEqualTo(refused);
        clock.advance(Duration.ofMinutes(61));
        assertThat(reconcile.runNow().changed()).isEqualTo(1);
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);

        // the first checkout's refused payment is listed in every cycle of the window: it changes nothing any more
        ReconcileService.Figures later = reconcile.runNow();
        assertThat(later.changed()).isZero();
        assertThat(later.checked()).isGreaterThanOrEqualTo(1);
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
    }

    @Test
    void aBankValidatedPaymentIsPendingThenPaidDaysLater() {
        Placed placed = pending("adhesion-2026");
        emulator().control().payWithBankValidation(intentOf(placed));

        reconcile.runNow();
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order(placed.orderId()).awaitingBank()).as("the listing shows it in the bank's hands").isTrue();
        assertThat(followUps.run(placed.orderId() + "/3")).isEqualTo(Verification.PENDING);

        emulator().control().advanceClock(Duration.ofDays(2));   // the bank validates, days later
        assertThat(followUps.run(placed.orderId() + "/4")).isEqualTo(Verification.PAID);
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.verified")).hasSize(1);
        await().atMost(WAIT).until(() -> deliveries(placed.orderId()) == 1);
    }

    @Test
    void aBankValidationConfirmedDaysLaterReachesTheOrderThroughItsNotification() {
        emulator().control().dropNotifications(false);
        Placed placed = pending("atelier-initiation");
        emulator().control().payWithBankValidation(intentOf(placed));
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT COUNT(*) FROM notification_inbox WHERE order_id = :id"
                + " AND status = 'PROCESSED'").param("id", placed.orderId()).query(Integer.class).single() >= 2);
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order(placed.orderId()).awaitingBank()).as("the order the notifications name, read back").isTrue();

        emulator().control().advanceClock(Duration.ofDays(3));
        await().atMost(WAIT).until(() -> order(placed.orderId()).status() == OrderStatus.PAID);
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.verified")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("(notification)"));
    }
}
