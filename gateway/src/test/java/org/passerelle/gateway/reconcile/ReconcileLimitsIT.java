package org.passerelle.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.Sleeper;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The edges of a cycle: a Retry-After too long to wait for ends the cycle cleanly (the next one settles), and an
 * abandoned checkout that was expired is still found paid when its payment turns up afterwards.
 */
class ReconcileLimitsIT extends GatewayTestSupport {

    @Autowired
    ReconcileService reconcile;
    @Autowired
    ReconcileRuns runs;
    @Autowired
    HelloAssoClient client;
    @Autowired
    org.passerelle.gateway.organization.OrganizationClients clients;
    @Autowired
    PaymentVerifier verifier;
    @Autowired
    ApiCallTally tally;
    @Autowired
    ReconcileProperties settings;

    @BeforeEach
    void notificationsLost() {
        emulator().control().dropNotifications(true);
        reconcile.runNow();   // settles (or expires) whatever earlier tests left pending
    }

    @AfterEach
    void notificationsBack() {
        emulator().control().dropNotifications(false).clearFaults();
    }

    private Placed pending() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);
        return placed;
    }

    @Test
    void aRetryAfterLongerThanTheCycleWaitsForEndsItAndTheNextCycleSettles() {
        Placed paid = pending();
        emulator().control().pay(order(paid.orderId()).checkoutIntentId());
        // two minutes: longer than the client (60 s) and the cycle (max-retry-after, 30 s) block for
        emulator().control().rateLimitNext("orders.list", 1, Duration.ofMinutes(2));
        List<Duration> slept = new CopyOnWriteArrayList<>();
        ReconcileService recording = new ReconcileService(jdbc, clients, verifier, runs, tally, settings,
                new UtcClock(clock), new StaticListableBeanFactory(Map.of("sleeper", (Sleeper) slept::add))
                        .getBeanProvider(Sleeper.class));

        ReconcileService.Figures limited = recording.runNow();

        assertThat(slept).as("no wait of two minutes").isEmpty();
        assertThat(limited.errors()).isEqualTo(1);
        assertThat(limited.note()).contains("rate-limited").contains("Retry-After 120 s");
        assertThat(runs.latest(1).getFirst().note()).isEqualTo(limited.note());
        assertThat(order(paid.orderId()).status()).isEqualTo(OrderStatus.PENDING);

        ReconcileService.Figures next = recording.runNow();
        assertThat(next.errors()).isZero();
        assertThat(order(paid.orderId()).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void aPaymentTurningUpAfterTheCheckoutExpiredIsStillFoundPaid() {
        Placed late = pending();
        // the redirect expired 46 minutes ago as far as Passerelle knows, while HelloAsso still takes the payment
        // (its own lifetime of a checkout is not Passerelle's estimate)
        jdbc.sql("UPDATE checkout_intents SET expires_at = :expired WHERE order_id = :id")
                .param("expired", OffsetDateTime.now(clock).minusMinutes(46)).param("id", late.orderId()).update();
        reconcile.runNow();
        assertThat(order(late.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);

        emulator().control().pay(order(late.orderId()).checkoutIntentId());   // a payment turns up all the same
        ReconcileService.Figures figures = reconcile.runNow();

        assertThat(order(late.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(figures.changed()).isGreaterThanOrEqualTo(1);
        assertThat(outbox.forOrder(late.orderId())).extracting(e -> e.event())
                .containsExactlyInAnyOrder(EventType.ORDER_EXPIRED, EventType.ORDER_PAID);
    }
}
