package org.passerelle.helloasso;

import java.util.List;

/**
 * HelloAsso answered with an error status. Carries the status, the response body (secrets masked), the method and
 * the path (no query string), and HelloAsso's error list when the body has one. Subclasses name the usual statuses.
 */
public class HelloAssoApiException extends HelloAssoException {
    private final int statusCode;
    private final String responseBody;
    private final String method;
    private final String path;
    private final List<ApiError> errors;

    public HelloAssoApiException(int statusCode, String responseBody, String method, String path,
                                 List<ApiError> errors) {
        super(describe(statusCode, method, path, errors));
        this.statusCode = statusCode;
        this.responseBody = responseBody == null ? "" : responseBody;
        this.method = method;
        this.path = path;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public int statusCode() {
        return statusCode;
    }

    /** The body HelloAsso sent, with any token or key masked; empty when there was none. */
    public String responseBody() {
        return responseBody;
    }

    public String method() {
        return method;
    }

    /** The request path, e.g. {@code /v5/payments/42/refund}, without query string. */
    public String path() {
        return path;
    }

    /** HelloAsso's error list; empty when the body had none. */
    public List<ApiError> errors() {
        return errors;
    }

    private static String describe(int status, String method, String path, List<ApiError> errors) {
        StringBuilder message = new StringBuilder("HelloAsso answered ").append(status).append(" to ")
                .append(method).append(' ').append(path);
        if (errors != null && !errors.isEmpty()) {
            message.append(": ");
            for (int i = 0; i < errors.size(); i++) {
                ApiError error = errors.get(i);
                message.append(i == 0 ? "" : "; ").append(error.code()).append(" - ").append(error.message());
            }
        }
        return message.toString();
    }
}
