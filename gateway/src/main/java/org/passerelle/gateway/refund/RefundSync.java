package org.passerelle.gateway.refund;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.fulfilment.FulfilmentDispatcher;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.fulfilment.FulfilmentOutbox;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentObserver;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.helloasso.model.OperationState;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentState;
import org.passerelle.helloasso.model.RefundOperation;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings a paid order in line with what HelloAsso shows for it: refund operations (Passerelle's own, settling the
 * uncertain ones, and those made in the back office), disputes and cancelled instalments. Then derives the order's
 * status from the ledger, and writes the outbox events, in the same transaction, under the order's row lock. Every
 * path ends here: the refund call, settling, notifications and checks (as a {@link PaymentObserver}), the sweep.
 */
@Component
public class RefundSync implements PaymentObserver {

    /** HelloAsso shows these refund operations only when asked for failed ones: nothing was refunded. */
    static final Set<OperationState> NOT_MADE = EnumSet.of(OperationState.ERROR, OperationState.INTERNAL_ERROR,
            OperationState.REFUSED, OperationState.ABORTED, OperationState.CANCELED);
    /** Payment states in which the money was taken (and may be going back). */
    private static final Set<PaymentState> TAKEN = EnumSet.of(PaymentState.AUTHORIZED, PaymentState.REFUNDING,
            PaymentState.REFUNDED, PaymentState.CONTESTED);

    private final RefundLedger ledger;
    private final OrderRepository orders;
    private final FulfilmentDispatcher fulfilment;
    private final FulfilmentOutbox outbox;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final UtcClock clock;
    private final RefundProperties settings;

    public RefundSync(RefundLedger ledger, OrderRepository orders, FulfilmentDispatcher fulfilment,
            FulfilmentOutbox outbox, AuditLog audit, TransactionTemplate transaction, UtcClock clock,
            RefundProperties settings) {
        this.ledger = ledger;
        this.orders = orders;
        this.fulfilment = fulfilment;
        this.outbox = outbox;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
        this.settings = settings;
    }

    /** What one read of HelloAsso's order says, for the status. */
    record Picture(int paid, boolean instalmentsPending, boolean instalmentsCancelled, boolean contested) {

        static Picture of(org.passerelle.helloasso.model.Order order) {
            List<Payment> payments = order.payments();
            return new Picture(
                    payments.stream().filter(p -> TAKEN.contains(p.state())).mapToInt(Payment::amount).sum(),
                    payments.stream().anyMatch(p -> p.state() == PaymentState.PENDING),
                    payments.stream().anyMatch(p -> p.state() == PaymentState.CANCELED && instalment(p) > 1),
                    payments.stream().anyMatch(p -> p.state() == PaymentState.CONTESTED));
        }
    }

    @Override
    public void observed(Order order, org.passerelle.helloasso.model.Order helloAssoOrder, VerificationSource source) {
        apply(order.id(), helloAssoOrder, source.tag());
    }

    /**
     * Applies a fresh read of the order at HelloAsso (already checked to be this order's). Returns the order as it
     * is afterwards, or empty when it is not a paid order.
     */
    public Optional<Order> apply(String orderId, org.passerelle.helloasso.model.Order helloAssoOrder, String via) {
        return transaction.execute(tx -> {
            Order order = orders.findForUpdate(orderId).orElse(null);
            if (order == null || !order.status().hasBeenPaid()) {
                return Optional.<Order>empty();
            }
            OffsetDateTime now = clock.now();
            Set<Long> shown = new HashSet<>();
            for (Payment payment : helloAssoOrder.payments()) {
                for (RefundOperation operation : payment.refundOperations()) {
                    shown.add(operation.id());
                    record(order, payment, operation, via, now);
                }
            }
            settleUnseen(order, helloAssoOrder, shown, now);
            return Optional.of(recompute(order, Picture.of(helloAssoOrder), via));
        });
    }

    private void record(Order order, Payment payment, RefundOperation operation, String via, OffsetDateTime now) {
        Optional<Refund> known = ledger.byHelloAssoId(operation.id());
        if (NOT_MADE.contains(operation.status())) {
            known.filter(r -> r.status().counts()).ifPresent(r -> {
                ledger.notMade(r.id(), RefundStatus.FAILED, "HelloAsso shows this refund as "
                        + operation.status().wireValue() + ": nothing was refunded", now);
                audit.record(AuditEvent.error(order.id(), AuditAction.REFUND_FAILED).amount(r.amount())
                        .reference("refund " + operation.id()).message("HelloAsso shows the refund as "
                                + operation.status().wireValue() + " (" + via + ")"));
            });
            return;
        }
        if (known.isPresent()) {
            return;
        }
        List<Refund> unmatched = ledger.forOrder(order.id()).stream()
                .filter(r -> r.helloassoRefundId() == null && r.paymentId() == payment.id()
                        && r.amount() == operation.amount())
                .toList();
        if (unmatched.stream().anyMatch(r -> r.status() == RefundStatus.REQUESTED)) {
            return; // ours, its answer is on its way: the call records it
        }
        Optional<Refund> uncertain = unmatched.stream().filter(r -> r.status() == RefundStatus.UNCERTAIN)
                .min(Comparator.comparing(Refund::createdAt));
        if (uncertain.isPresent()) {
            ledger.succeeded(uncertain.get().id(), operation.id(), operation.amount(),
                    "Settled: HelloAsso shows refund operation " + operation.id(), now);
            audit.record(AuditEvent.success(order.id(), AuditAction.REFUND_SETTLED).amount(operation.amount())
                    .reference("payment " + payment.id() + " refund " + operation.id())
                    .message("Uncertain refund found at HelloAsso: it was made (" + via + ")"));
            return;
        }
        ledger.recordObserved(order.id(), payment.id(), operation.amount(), operation.id(), now);
        audit.record(AuditEvent.success(order.id(), AuditAction.REFUND_OBSERVED).amount(operation.amount())
                .reference("payment " + payment.id() + " refund " + operation.id())
                .message("Refund made in HelloAsso's back office (" + via + ")"));
    }

    /** An uncertain refund HelloAsso still does not show, well after the call, was not made. */
    private void settleUnseen(Order order, org.passerelle.helloasso.model.Order helloAssoOrder, Set<Long> shown,
            OffsetDateTime now) {
        OffsetDateTime before = now.minus(settings.settleAfter());
        Set<Long> payments = new HashSet<>();
        helloAssoOrder.payments().forEach(p -> payments.add(p.id()));
        for (Refund refund : ledger.forOrder(order.id())) {
            if (refund.status() == RefundStatus.UNCERTAIN && payments.contains(refund.paymentId())
                    && refund.createdAt().isBefore(before)
                    && (refund.helloassoRefundId() == null || !shown.contains(refund.helloassoRefundId()))) {
                ledger.notMade(refund.id(), RefundStatus.FAILED,
                        "HelloAsso shows no such refund: it was not made. You can refund again.", now);
                audit.record(AuditEvent.error(order.id(), AuditAction.REFUND_FAILED).amount(refund.amount())
                        .reference("payment " + refund.paymentId())
                        .message("Uncertain refund not found at HelloAsso " + settings.settleAfter() + " later: not made"));
            }
        }
    }

    /**
     * Derives the status from the ledger (and the picture from HelloAsso), moves the order there and writes the
     * events not written yet. Caller holds the order's row lock.
     */
    Order recompute(Order order, Picture picture, String via) {
        List<Refund> refunds = ledger.forOrder(order.id());
        int refunded = refunds.stream().filter(r -> r.status() == RefundStatus.SUCCEEDED).mapToInt(Refund::amount).sum();
        boolean inFlight = refunds.stream().anyMatch(r -> r.status().inFlight());
        OrderStatus target;
        if (picture.contested()) {
            target = OrderStatus.CONTESTED;
        } else if (inFlight) {
            target = OrderStatus.REFUNDING;
        } else if (refunded == 0) {
            target = OrderStatus.PAID;
        } else if (refunded >= picture.paid() && !picture.instalmentsPending()) {
            target = OrderStatus.REFUNDED;
        } else {
            target = OrderStatus.PARTIALLY_REFUNDED;
        }
        OffsetDateTime now = clock.now();
        OrderStatus current = order.status();
        boolean moved = current != target && current.canMoveTo(target) && (target == OrderStatus.PAID
                ? orders.refundDidNotHappen(order.id(), now)
                : orders.transition(order.id(), target, now));
        if (moved && target != OrderStatus.REFUNDING) {
            audit.record(AuditEvent.success(order.id(), AuditAction.of("order." + target.name().toLowerCase(java.util.Locale.ROOT)))
                    .amount(refunded).message(current + " → " + target + ": " + refunded + " cents refunded of "
                            + picture.paid() + " paid (" + via + ")"));
        }
        Order after = orders.find(order.id()).orElseThrow();
        announce(after, refunds, picture);
        return after;
    }

    private void announce(Order order, List<Refund> refunds, Picture picture) {
        Set<String> written = new HashSet<>();
        outbox.forOrder(order.id()).forEach(e -> written.add(e.event() + "/" + e.key()));
        switch (order.status()) {
            case CONTESTED -> enqueueOnce(order, EventType.ORDER_CONTESTED, "", written);
            case REFUNDED -> enqueueOnce(order, EventType.ORDER_REFUNDED, "", written);
            case PARTIALLY_REFUNDED -> refunds.stream().filter(r -> r.status() == RefundStatus.SUCCEEDED)
                    .forEach(r -> enqueueOnce(order, EventType.ORDER_PARTIALLY_REFUNDED, r.id(), written));
            default -> {
            }
        }
        if (picture.instalmentsCancelled()) {
            enqueueOnce(order, EventType.INSTALMENTS_CANCELLED, "", written);
        }
    }

    private void enqueueOnce(Order order, EventType event, String key, Set<String> written) {
        if (written.add(event + "/" + key)) {
            fulfilment.enqueue(order.id(), event, key);
        }
    }

    static int instalment(Payment payment) {
        return payment.installmentNumber() == null ? 1 : payment.installmentNumber();
    }
}
