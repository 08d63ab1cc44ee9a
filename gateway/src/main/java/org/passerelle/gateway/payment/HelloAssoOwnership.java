package org.passerelle.gateway.payment;

import java.util.Objects;
import org.passerelle.gateway.order.Order;

/**
 * The one check that an order read from HelloAsso is ours: in the organization Passerelle acts for on the order's
 * behalf (its own: {@code organization.OrganizationClients}), and
 * paid through the checkout intent the check is about. After the payment ({@link #afterPayment}), it must also be the
 * very HelloAsso order recorded when the order was marked paid, and the intent is the one it was paid through. The
 * verifier uses it before trusting a payment; refunds, settling and the refund sweep use it before applying anything
 * a read shows (a listing or a notification could name an order of another organization, or another of our orders).
 */
public final class HelloAssoOwnership {

    /** What does not match, first one found in this order. */
    public enum Mismatch {
        /** Not the HelloAsso order recorded when ours was paid (or ours was never paid). */
        ORDER,
        /** Another organization's order, or one in ours for an order of another organization. */
        ORGANIZATION,
        /** Paid through another checkout intent than this order's. */
        INTENT
    }

    private HelloAssoOwnership() {
    }

    /**
     * Null when {@code seen} belongs to {@code order} through checkout intent {@code intentId} in {@code organization}
     * (the one Passerelle acts for on the order's behalf); otherwise the first check that fails.
     */
    public static Mismatch check(String organization, Order order, long intentId,
            org.passerelle.helloasso.model.Order seen) {
        if (organization == null || !organization.equals(seen.organizationSlug())
                || !organization.equals(order.organizationSlug())) {
            return Mismatch.ORGANIZATION;
        }
        if (!Objects.equals(seen.checkoutIntentId(), intentId)) {
            return Mismatch.INTENT;
        }
        return null;
    }

    /**
     * For a paid order read back (refunds, disputes, later terms): null when {@code seen} is the HelloAsso order it
     * was paid with, in {@code organization}, through the intent it was paid through.
     */
    public static Mismatch afterPayment(String organization, Order order, org.passerelle.helloasso.model.Order seen) {
        if (order.helloassoOrderId() == null || order.checkoutIntentId() == null
                || seen.id() != order.helloassoOrderId()) {
            return Mismatch.ORDER;
        }
        return check(organization, order, order.checkoutIntentId(), seen);
    }
}
