package org.passerelle.helloasso;

/**
 * The token endpoint refused the client credentials (or the refresh token, when no fallback worked). {@link #error()}
 * and {@link #errorDescription()} are the OAuth2 fields of its answer; the secret itself never appears.
 */
public class AuthenticationException extends HelloAssoException {
    private final int statusCode;
    private final String error;
    private final String errorDescription;

    public AuthenticationException(int statusCode, String error, String errorDescription) {
        super("HelloAsso refused the API credentials (" + statusCode + (error == null ? "" : " " + error)
                + (errorDescription == null ? "" : ": " + errorDescription) + ")");
        this.statusCode = statusCode;
        this.error = error;
        this.errorDescription = errorDescription;
    }

    public int statusCode() {
        return statusCode;
    }

    /** OAuth2 error code such as {@code unauthorized_client}; may be null. */
    public String error() {
        return error;
    }

    public String errorDescription() {
        return errorDescription;
    }
}
