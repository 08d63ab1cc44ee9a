package org.passerelle.gateway.payment;

import java.util.Locale;

/** Which path asked for a verification (recorded in the audit log). */
public enum VerificationSource {
    RETURN, NOTIFICATION, POLLER, MANUAL;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
