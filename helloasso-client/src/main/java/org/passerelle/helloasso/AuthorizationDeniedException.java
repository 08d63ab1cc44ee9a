package org.passerelle.helloasso;

/**
 * Partner mode: the authorization page came back without a code, with {@code error} instead (for example
 * {@code access_denied} when the association's administrator refused). Nothing was linked.
 */
public class AuthorizationDeniedException extends HelloAssoException {
    private final String error;

    public AuthorizationDeniedException(String error) {
        super("HelloAsso's authorization page returned an error instead of a code: " + error);
        this.error = error;
    }

    /** The {@code error} parameter of the callback, such as {@code access_denied}. */
    public String error() {
        return error;
    }
}
