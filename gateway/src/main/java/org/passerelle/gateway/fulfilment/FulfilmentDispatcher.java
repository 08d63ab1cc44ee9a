package org.passerelle.gateway.fulfilment;

import java.util.List;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.work.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes outbox rows inside the caller's transaction and delivers them after commit; the outbox's queue retries what
 * failed (exponential backoff) or was left behind by a crash. Each attempt claims its row first.
 */
@Component
public class FulfilmentDispatcher {

    private static final Logger log = LoggerFactory.getLogger(FulfilmentDispatcher.class);

    private final FulfilmentOutbox outbox;
    private final OrderRepository orders;
    private final List<FulfilmentHandler> handlers;
    private final AuditLog audit;
    private final UtcClock clock;

    public FulfilmentDispatcher(FulfilmentOutbox outbox, OrderRepository orders, List<FulfilmentHandler> handlers,
            AuditLog audit, UtcClock clock) {
        this.outbox = outbox;
        this.orders = orders;
        this.handlers = handlers;
        this.audit = audit;
        this.clock = clock;
        outbox.queue().workWith(this::deliver);
    }

    /** Must run inside the transaction that made the order PAID; delivery starts once it has committed. */
    public void enqueue(String orderId, EventType event) {
        enqueue(orderId, event, "");
    }

    /** For an event that can happen more than once per order: {@code key} names this occurrence. */
    public void enqueue(String orderId, EventType event, String key) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("An outbox row must be written in the transaction of its state change");
        }
        outbox.queue().kickAfterCommit(outbox.enqueue(orderId, event, key,
                clock.now()));
    }

    @Scheduled(fixedDelayString = "${passerelle.fulfilment.sweep-interval:10s}",
            initialDelayString = "${passerelle.fulfilment.sweep-interval:10s}")
    public void sweep() {
        outbox.queue().sweep();
    }

    /** One attempt on a claimed row: every channel, in order; true when it was delivered now. */
    private boolean deliver(long id) {
        FulfilmentOutbox.Entry entry = outbox.find(id).orElseThrow();
        Order order = orders.find(entry.orderId()).orElseThrow();
        FulfilmentEvent event = new FulfilmentEvent(id, entry.event(), entry.key(), entry.attempts(), order);
        try {
            for (FulfilmentHandler handler : handlers) {
                handler.deliver(event);
            }
            outbox.delivered(id);
            audit.record(AuditEvent.success(order.id(), AuditAction.FULFILMENT_DELIVERED).amount(order.amount())
                    .message(entry.event() + " delivered (attempt " + entry.attempts() + ")"));
            return true;
        } catch (Exception e) {
            RetryPolicy.Failure failure = outbox.queue().failed(entry.attempts());
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            outbox.failed(id, error, failure);
            audit.record(AuditEvent.error(order.id(), failure.dead() ? AuditAction.FULFILMENT_DEAD : AuditAction.FULFILMENT_FAILED)
                    .message(entry.event() + " attempt " + entry.attempts() + " failed: " + error
                            + (failure.dead() ? "; giving up" : "; next attempt in " + failure.delay())));
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
        if (entry.isEmpty() || !outbox.reopen(id)) {
            return false;
        }
        audit.record(AuditEvent.success(entry.get().orderId(), AuditAction.FULFILMENT_REDELIVER).actor(actor)
                .message(entry.get().event() + " put back in the queue (was " + entry.get().status() + ")"));
        outbox.queue().kick(id);
        return true;
    }
}
