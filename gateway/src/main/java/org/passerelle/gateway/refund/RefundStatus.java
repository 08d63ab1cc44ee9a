package org.passerelle.gateway.refund;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where one refund stands. {@link #allowedFrom()} is the machine: every status update in {@link RefundLedger} is a
 * compare-and-set on statuses it allows. A refund is recorded REQUESTED (or SUCCEEDED when it was made in HelloAsso's
 * back office) and settles once; SUCCEEDED, NEEDS_MFA and FAILED are final.
 */
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

    /** Statuses from which a refund may move to this one. */
    public Set<RefundStatus> allowedFrom() {
        return switch (this) {
            case REQUESTED -> EnumSet.noneOf(RefundStatus.class);
            case UNCERTAIN -> EnumSet.of(REQUESTED);
            case SUCCEEDED, NEEDS_MFA, FAILED -> EnumSet.of(REQUESTED, UNCERTAIN);
        };
    }

    public boolean canMoveTo(RefundStatus target) {
        return target.allowedFrom().contains(this);
    }
}
