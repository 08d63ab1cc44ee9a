package org.passerelle.gateway.payment;

import org.passerelle.gateway.order.Order;

/**
 * Told what HelloAsso shows for an order that has been paid, each time the verifier reads it back after the payment:
 * later instalments paid or refused, refunds made in HelloAsso's back office, disputes. Called after the verifier's
 * own transaction; the HelloAsso order has passed every check (organization, intent, amount, metadata) already.
 * An observer must be idempotent: the same HelloAsso order is shown again on every notification and every check.
 */
public interface PaymentObserver {

    void observed(Order order, org.passerelle.helloasso.model.Order helloAssoOrder, VerificationSource source);
}
