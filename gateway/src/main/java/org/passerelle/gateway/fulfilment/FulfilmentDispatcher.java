package org.passerelle.gateway.fulfilment;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes outbox rows inside the caller's transaction and delivers them after commit; a periodic sweep retries what
 * failed (exponential backoff) or was left behind by a crash. Each attempt claims its row first.
 */
@Component
public class FulfilmentDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FulfilmentDispatcher.class);

    private final FulfilmentOutbox outbox;
    private final OrderRepository orders;
    private final List<FulfilmentHandler> handlers;
    private final AuditLog audit;
    private final Clock clock;
    private final PasserelleProperties.Fulfilment settings;
    private final String instanceId = "instance-" + UUID.randomUUID();
    private final ExecutorService afterCommit = Executors.newVirtualThreadPerTaskExecutor();

    public FulfilmentDispatcher(FulfilmentOutbox outbox, OrderRepository orders, List<FulfilmentHandler> handlers,
            AuditLog audit, Clock clock, PasserelleProperties properties) {
        this.outbox = outbox;
        this.orders = orders;
        this.handlers = handlers;
        this.audit = audit;
        this.clock = clock;
        this.settings = properties.fulfilment();
    }

    /** Must run inside the transaction that made the order PAID; delivery starts once it has committed. */
    public void enqueue(String orderId, String event) {
        enqueue(orderId, event, "");
    }

    /** For an event that can happen more than once per order: {@code key} names this occurrence. */
    public void enqueue(String orderId, String event, String key) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("An outbox row must be written in the transaction of its state change");
        }
        long id = outbox.enqueue(orderId, event, key, now());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                afterCommit.execute(() -> deliver(id));
            }
        });
    }

    @Scheduled(fixedDelayString = "${passerelle.fulfilment.sweep-interval:10s}",
            initialDelayString = "${passerelle.fulfilment.sweep-interval:10s}")
    public void sweep() {
        for (long id : outbox.due(now(), 100)) {
            deliver(id);
        }
    }

    /** Delivers one row if it is due and nobody else holds it; returns true when it was delivered now. */
    public boolean deliver(long id) {
        OffsetDateTime now = now();
        if (!outbox.claim(id, instanceId, now, now.plus(settings.claimDuration()))) {
            return false;
        }
        FulfilmentOutbox.Entry entry = outbox.find(id).orElseThrow();
        Order order = orders.find(entry.orderId()).orElseThrow();
        FulfilmentEvent event = new FulfilmentEvent(id, entry.event(), entry.key(), entry.attempts(), order);
        try {
            for (FulfilmentHandler handler : handlers) {
                handler.deliver(event);
            }
            outbox.markDelivered(id, instanceId, now());
            audit.record(AuditEvent.success(order.id(), AuditAction.FULFILMENT_DELIVERED).amount(order.amount())
                    .message(entry.event() + " delivered (attempt " + entry.attempts() + ")"));
            return true;
        } catch (Exception e) {
            boolean dead = entry.attempts() >= settings.maxAttempts();
            Duration delay = backoff(entry.attempts());
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            outbox.markFailed(id, instanceId, error, now().plus(delay), dead);
            audit.record(AuditEvent.error(order.id(), dead ? AuditAction.FULFILMENT_DEAD : AuditAction.FULFILMENT_FAILED)
                    .message(entry.event() + " attempt " + entry.attempts() + " failed: " + error
                            + (dead ? "; giving up" : "; next attempt in " + delay)));
            log.warn("Fulfilment {} of order {} failed (attempt {}): {}", entry.event(), order.id(), entry.attempts(), error);
            return false;
        }
    }

    /**
     * The admin's "redeliver": a DEAD or DELIVERED row goes back in the queue and is delivered now. Channels being
     * idempotent on the row id, one that already took it records nothing new; one that failed gets it again.
     * Returns whether the row was reopened.
     */
    public boolean redeliver(long id, String actor) {
        Optional<FulfilmentOutbox.Entry> entry = outbox.find(id);
        if (entry.isEmpty() || !outbox.reopen(id, now())) {
            return false;
        }
        audit.record(AuditEvent.success(entry.get().orderId(), AuditAction.FULFILMENT_REDELIVER).actor(actor)
                .message(entry.get().event() + " put back in the queue (was " + entry.get().status() + ")"));
        afterCommit.execute(() -> deliver(id));
        return true;
    }

    /** 30 s, 1 min, 2 min, … capped (with the defaults: 30 s doubling up to 6 h). */
    Duration backoff(int attempts) {
        Duration delay = settings.firstRetryDelay().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return delay.compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay() : delay;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Override
    public void destroy() {
        afterCommit.shutdown();
    }
}
