package org.passerelle.gateway.instalment;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.fulfilment.FulfilmentDispatcher;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderTerms;
import org.passerelle.gateway.order.OrderTerms.Status;
import org.passerelle.gateway.payment.PaymentObserver;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentState;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Follows the later terms of an order paid in instalments, from what HelloAsso shows each time the order is read back
 * (notifications, the poller, the admin): each term moves once from SCHEDULED to PAID or FAILED, and that move writes
 * {@code instalment.paid} / {@code instalment.failed} (key = the term number) in the same transaction. Term 1 is the
 * payment that made the order PAID: {@code order.paid} already tells it.
 */
@Component
public class InstalmentTracker implements PaymentObserver {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final OrderTerms terms;
    private final FulfilmentDispatcher fulfilment;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final UtcClock clock;

    public InstalmentTracker(OrderTerms terms, FulfilmentDispatcher fulfilment, AuditLog audit,
            TransactionTemplate transaction, UtcClock clock) {
        this.terms = terms;
        this.fulfilment = fulfilment;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public void observed(Order order, org.passerelle.helloasso.model.Order helloAssoOrder, VerificationSource source) {
        if (order.instalments() <= 1) {
            return;
        }
        for (Payment payment : helloAssoOrder.payments()) {
            int number = payment.installmentNumber() == null ? 1 : payment.installmentNumber();
            if (number < 1 || number > order.instalments()) {
                continue;
            }
            transaction.executeWithoutResult(tx -> record(order, number, payment, source));
        }
    }

    private void record(Order order, int number, Payment payment, VerificationSource source) {
        OffsetDateTime now = clock.now();
        Status seen = status(payment.state());
        LocalDate due = payment.date() == null ? null : payment.date().atZoneSameInstant(PARIS).toLocalDate();
        // the first term is paid by definition once the order is; later ones start as scheduled and move from there
        terms.insertIfAbsent(order.id(), new OrderTerms.Term(number, payment.amount(), due,
                number == 1 ? Status.PAID : Status.SCHEDULED, payment.id()), now);
        if (number == 1 || seen == Status.SCHEDULED) {
            return;
        }
        boolean moved = terms.transition(order.id(), number, Status.SCHEDULED, seen, now)
                // a refused term paid later (the payer updated their card)
                || (seen == Status.PAID && terms.transition(order.id(), number, Status.FAILED, Status.PAID, now));
        if (!moved) {
            return;
        }
        EventType event = switch (seen) {
            case PAID -> EventType.INSTALMENT_PAID;
            case FAILED -> EventType.INSTALMENT_FAILED;
            default -> null;
        };
        if (event != null) {
            fulfilment.enqueue(order.id(), event, Integer.toString(number));
        }
        AuditEvent entry = seen == Status.FAILED ? AuditEvent.error(order.id(), AuditAction.INSTALMENT_FAILED)
                : AuditEvent.success(order.id(), AuditAction.of("instalment." + seen.name().toLowerCase(java.util.Locale.ROOT)));
        audit.record(entry.amount(payment.amount()).reference("payment " + payment.id())
                .message("Term " + number + " of " + order.instalments() + " " + (payment.state() == null ? "?" : payment.state().wireValue())
                        + " (" + source.tag() + ")"));
    }

    /** What a HelloAsso payment state means for a term. */
    static Status status(PaymentState state) {
        if (state == null) {
            return Status.SCHEDULED;
        }
        return switch (state) {
            // money taken (a later refund or dispute is the refunds feature's news)
            case AUTHORIZED, REFUNDED, REFUNDING, CONTESTED -> Status.PAID;
            case REFUSED, ERROR, ABANDONED -> Status.FAILED;
            case CANCELED -> Status.CANCELLED;
            default -> Status.SCHEDULED;
        };
    }
}
