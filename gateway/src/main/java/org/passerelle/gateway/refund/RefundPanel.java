package org.passerelle.gateway.refund;

import java.util.List;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.order.PaymentSchedule;
import org.passerelle.gateway.order.OrderTerms;
import org.springframework.stereotype.Component;

/** What the refund panel shows for an order: {@code ${@refundPanel.of(order)}} in templates/refund/panel.html. */
@Component("refundPanel")
public class RefundPanel {

    /**
     * Amounts in cents: {@code collected} what HelloAsso took (the terms paid so far, for instalments); {@code left} is
     * at most what may still be refunded of it (HelloAsso has the last word); {@code hasTermsToCome}: instalments not
     * taken yet, which can be cancelled.
     */
    public record View(List<Refund> refunds, int collected, int refunded, int inFlight, int left, boolean canRefund,
            boolean hasUncertain, boolean hasMfa, boolean hasTermsToCome) {
    }

    private final RefundLedger ledger;
    private final OrderTerms terms;

    public RefundPanel(RefundLedger ledger, OrderTerms terms) {
        this.ledger = ledger;
        this.terms = terms;
    }

    public View of(Order order) {
        List<Refund> refunds = ledger.forOrder(order.id());
        int refunded = sum(refunds, RefundStatus.SUCCEEDED);
        int inFlight = sum(refunds, RefundStatus.REQUESTED) + sum(refunds, RefundStatus.UNCERTAIN);
        PaymentSchedule schedule = terms.scheduleOf(order);
        int collected = schedule.collected();
        int left = Math.max(collected - refunded - inFlight, 0);
        boolean canRefund = order.status().hasBeenPaid() && order.status() != OrderStatus.CONTESTED && left > 0;
        return new View(refunds, collected, refunded, inFlight, left, canRefund,
                refunds.stream().anyMatch(r -> r.status().inFlight()),
                refunds.stream().anyMatch(r -> r.status() == RefundStatus.NEEDS_MFA),
                schedule.remaining() > 0 && order.status().hasBeenPaid());
    }

    private static int sum(List<Refund> refunds, RefundStatus status) {
        return refunds.stream().filter(r -> r.status() == status).mapToInt(Refund::amount).sum();
    }
}
