package org.passerelle.gateway.payment;

import java.util.Locale;

/** Which path asked for a verification (recorded in the audit log). */
public enum VerificationSource {
    RETURN, NOTIFICATION, POLLER, MANUAL, ADMIN;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a paid order is read back again: HelloAsso calls and the admin bring news after the payment (later
     * instalments, refunds, disputes); a payer reloading the page does not, and costs no API call.
     */
    public boolean followsPaidOrders() {
        return this == NOTIFICATION || this == POLLER || this == ADMIN;
    }
}
