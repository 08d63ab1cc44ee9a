package org.passerelle.gateway.refund;

/** Where one refund stands. */
public enum RefundStatus {
    /** Recorded; HelloAsso is being called. */
    REQUESTED,
    /** HelloAsso recorded the refund operation: the money goes back to the payer. */
    SUCCEEDED,
    /** HelloAsso's answer was lost (timeout, 5xx): settled by reading the payment back, never by calling again. */
    UNCERTAIN,
    /** HelloAsso wants a multi-factor confirmation an API client cannot give: to be done in its back office. */
    NEEDS_MFA,
    /** HelloAsso refused, or shows no such refund: nothing was refunded. */
    FAILED;

    /** Counts against what can still be refunded: it happened, or it may have. */
    public boolean counts() {
        return this == REQUESTED || this == SUCCEEDED || this == UNCERTAIN;
    }

    public boolean inFlight() {
        return this == REQUESTED || this == UNCERTAIN;
    }
}
