package org.passerelle.helloasso.model;

/** A refund recorded on a payment, amounts in cents; {@code amountTip} may be null. */
public record RefundOperation(long id, int amount, Integer amountTip, OperationState status, Meta meta) {
}
