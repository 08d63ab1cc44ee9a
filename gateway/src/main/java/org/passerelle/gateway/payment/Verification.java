package org.passerelle.gateway.payment;

/** What one verification concluded. */
public enum Verification {
    /** This verification made the order PAID (and wrote its fulfilment). */
    PAID,
    /** The order was already paid: nothing changed. */
    ALREADY_PAID,
    /** No authorized payment yet (not paid, or waiting for the bank). */
    PENDING,
    /** The payment was refused: the order is FAILED and can be paid again. */
    REFUSED,
    /** The intent does not belong to this order, or its amount, metadata or organization differ: fraud signal. */
    MISMATCH,
    /** HelloAsso could not be asked (error, timeout): try again later. */
    UNAVAILABLE,
    /** HelloAsso shows no payment long after the checkout expired: the order is now EXPIRED (reconciliation). */
    EXPIRED,
    /** Nothing to verify (no checkout started, or the order is cancelled). */
    NOTHING_TO_VERIFY;

    public boolean isPaid() {
        return this == PAID || this == ALREADY_PAID;
    }
}
