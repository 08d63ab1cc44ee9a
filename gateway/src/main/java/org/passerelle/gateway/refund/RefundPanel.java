package org.passerelle.gateway.refund;

import java.util.List;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderStatus;
import org.springframework.stereotype.Component;

/** What the refund panel shows for an order: {@code ${@refundPanel.of(order)}} in templates/refund/panel.html. */
@Component("refundPanel")
public class RefundPanel {

    /** Amounts in cents; {@code left} is at most what may still be refunded (HelloAsso has the last word). */
    public record View(List<Refund> refunds, int refunded, int inFlight, int left, boolean canRefund,
            boolean hasUncertain, boolean hasMfa) {
    }

    private final RefundLedger ledger;

    public RefundPanel(RefundLedger ledger) {
        this.ledger = ledger;
    }

    public View of(Order order) {
        List<Refund> refunds = ledger.forOrder(order.id());
        int refunded = sum(refunds, RefundStatus.SUCCEEDED);
        int inFlight = sum(refunds, RefundStatus.REQUESTED) + sum(refunds, RefundStatus.UNCERTAIN);
        int left = Math.max(order.amount() - refunded - inFlight, 0);
        boolean canRefund = order.status().hasBeenPaid() && order.status() != OrderStatus.CONTESTED && left > 0;
        return new View(refunds, refunded, inFlight, left, canRefund,
                refunds.stream().anyMatch(r -> r.status().inFlight()),
                refunds.stream().anyMatch(r -> r.status() == RefundStatus.NEEDS_MFA));
    }

    private static int sum(List<Refund> refunds, RefundStatus status) {
        return refunds.stream().filter(r -> r.status() == status).mapToInt(Refund::amount).sum();
    }
}
