package org.passerelle.gateway.reconcile;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.passerelle.gateway.checkout.CheckoutStarted;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.order.CheckoutIntentRepository;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.Verification;
import org.passerelle.gateway.payment.VerificationSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The per-order follow-up after a checkout starts: a verification at +1, +5, +15 and +45 minutes (configurable), then
 * daily while the order stays PENDING (a payment waiting for bank validation: an order with no payment at all is
 * expired once its checkout is abandoned), for at most {@link #MAX_DAILY} days. Each step is a db-scheduler one-time
 * task, so a step runs once whatever the number of instances, and survives restarts.
 */
@Component
public class FollowUps {

    static final int MAX_DAILY = 30;

    private static final Logger log = LoggerFactory.getLogger(FollowUps.class);

    private final ObjectProvider<SchedulerClient> scheduler;
    private final ReconcileProperties settings;
    private final OrderRepository orders;
    private final CheckoutIntentRepository intents;
    private final PaymentVerifier verifier;
    private final UtcClock clock;

    private final TransactionTemplate savepoint;

    public FollowUps(ObjectProvider<SchedulerClient> scheduler, ReconcileProperties settings, OrderRepository orders,
            CheckoutIntentRepository intents, PaymentVerifier verifier, UtcClock clock,
            PlatformTransactionManager transactions) {
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.scheduler = scheduler;
        this.settings = settings;
        this.orders = orders;
        this.intents = intents;
        this.verifier = verifier;
        this.clock = clock;
    }

    /** Published in the transaction that records the checkout: the first step is scheduled in the same commit. */
    @EventListener
    void onCheckoutStarted(CheckoutStarted started) {
        schedule(started.orderId(), 0, started.at().toInstant());
    }

    /** When step {@code step} of a checkout started at {@code start} is due; empty after the last one. */
    Optional<Instant> due(int step, Instant start) {
        List<Duration> steps = settings.followUps();
        if (step < steps.size()) {
            return Optional.of(start.plus(steps.get(step)));
        }
        int day = step - steps.size() + 1;
        if (day > MAX_DAILY) {
            return Optional.empty();
        }
        Duration last = steps.isEmpty() ? Duration.ZERO : steps.getLast();
        return Optional.of(start.plus(last).plus(Duration.ofDays(day)));
    }

    /** Runs one step ({@code {order id}/{step}}) and schedules the next while the order is still unsettled. */
    public Verification run(String taskInstanceId) {
        int slash = taskInstanceId.lastIndexOf('/');
        String orderId = taskInstanceId.substring(0, slash);
        int step = Integer.parseInt(taskInstanceId.substring(slash + 1));
        Order order = orders.find(orderId).orElse(null);
        if (order == null || order.status() != OrderStatus.PENDING || order.checkoutIntentId() == null) {
            return Verification.NOTHING_TO_VERIFY;
        }
        Verification result = abandoned(order)
                ? verifier.verifyOrExpire(orderId, order.checkoutIntentId(), VerificationSource.POLLER)
                : verifier.verify(orderId, order.checkoutIntentId(), VerificationSource.POLLER, null);
        if (result == Verification.PENDING || result == Verification.UNAVAILABLE) {
            Instant start = intents.find(orderId, order.checkoutIntentId())
                    .map(intent -> intent.createdAt().toInstant()).orElse(clock.instant());
            schedule(orderId, step + 1, start);
        }
        return result;
    }

    private boolean abandoned(Order order) {
        OffsetDateTime now = clock.now();
        return intents.find(order.id(), order.checkoutIntentId())
                .map(intent -> !intent.expiresAt().plus(settings.abandonAfter()).isAfter(now))
                .orElse(false);
    }

    private void schedule(String orderId, int step, Instant start) {
        SchedulerClient client = scheduler.getIfAvailable();
        Optional<Instant> at = due(step, start);
        if (client == null || at.isEmpty()) {
            return;
        }
        Instant when = at.get().isBefore(clock.instant()) ? clock.instant() : at.get();
        try {
            // a savepoint in the caller's transaction (db-scheduler's DataSource joins Spring's): a failure here is
            // undone alone and never takes the checkout's records with it
            savepoint.executeWithoutResult(tx -> client.scheduleIfNotExists(
                    new TaskInstance<Void>(ReconcileTasks.FOLLOW_UP, orderId + "/" + step), when));
        } catch (RuntimeException e) {
            // the recurring cycle still covers the order
            log.warn("Could not schedule follow-up {} of order {}: {}", step, orderId, e.toString());
        }
    }
}
