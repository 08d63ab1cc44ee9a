package org.passerelle.gateway.checkout;

/** HelloAsso did not create the checkout (error or no answer): the payer sees a "try again" page, never a 500. */
public class HelloAssoUnavailableException extends RuntimeException {

    private final String orderId;
    private final String accessToken;

    public HelloAssoUnavailableException(String orderId, String accessToken, Throwable cause) {
        super("HelloAsso could not create the checkout for order " + orderId, cause);
        this.orderId = orderId;
        this.accessToken = accessToken;
    }

    public String orderId() {
        return orderId;
    }

    /** The payer's own token, to build the retry link on their page (never logged: not in the message). */
    public String accessToken() {
        return accessToken;
    }
}
