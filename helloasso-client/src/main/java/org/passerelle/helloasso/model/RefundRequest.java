package org.passerelle.helloasso.model;

import org.passerelle.helloasso.InvalidRequestException;

/**
 * What to refund. {@code amount} in cents, null for a full refund (partial refunds are a HelloAsso beta that leaves
 * the back office showing the order as paid). {@code cancelOrder} also cancels future instalments and is only allowed
 * with a full refund. Sent as query parameters, as the API takes them.
 */
public record RefundRequest(Integer amount, String comment, boolean cancelOrder, boolean sendRefundMail) {

    /** Refunds the whole payment and lets HelloAsso email the payer (its default). */
    public static RefundRequest full() {
        return new RefundRequest(null, null, false, true);
    }

    /** Refunds {@code cents} of the payment. */
    public static RefundRequest partial(int cents) {
        return new RefundRequest(cents, null, false, true);
    }

    public boolean isFull() {
        return amount == null;
    }

    public RefundRequest withComment(String comment) {
        return new RefundRequest(amount, comment, cancelOrder, sendRefundMail);
    }

    public RefundRequest withCancelOrder(boolean cancelOrder) {
        return new RefundRequest(amount, comment, cancelOrder, sendRefundMail);
    }

    public RefundRequest withSendRefundMail(boolean sendRefundMail) {
        return new RefundRequest(amount, comment, cancelOrder, sendRefundMail);
    }

    /** @throws InvalidRequestException for a non-positive partial amount or a partial refund that cancels the order */
    public void validate() {
        if (amount != null && amount <= 0) {
            throw new InvalidRequestException("amount", "must be a positive amount in cents, got " + amount);
        }
        if (amount != null && cancelOrder) {
            throw new InvalidRequestException("cancelOrder", "is only possible with a full refund");
        }
    }
}
