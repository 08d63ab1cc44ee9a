package org.passerelle.gateway.checkout;

/**
 * HelloAsso did not create the checkout: the payer sees a "try again" page (error or no answer), or, when HelloAsso
 * refused Passerelle's own settings, "payments are temporarily unavailable, the association has been told". Never a 500.
 */
public class HelloAssoUnavailableException extends RuntimeException {

    private final String orderId;
    private final String accessToken;
    private final boolean misconfigured;

    public HelloAssoUnavailableException(String orderId, String accessToken, Throwable cause, boolean misconfigured) {
        super("HelloAsso could not create the checkout for order " + orderId, cause);
        this.orderId = orderId;
        this.accessToken = accessToken;
        this.misconfigured = misconfigured;
    }

    /** HelloAsso refused the gateway's credentials or organization: a settings mistake, not an outage. */
    public boolean misconfigured() {
        return misconfigured;
    }

    public String orderId() {
        return orderId;
    }

    /** The payer's own token, to build the retry link on their page (never logged: not in the message). */
    public String accessToken() {
        return accessToken;
    }
}
