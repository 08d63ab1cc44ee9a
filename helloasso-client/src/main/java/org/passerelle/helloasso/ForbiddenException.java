package org.passerelle.helloasso;

import java.util.List;

/** The API client lacks the privilege or role for this call (e.g. {@code Checkout}, {@code RefundManagement}). */
public class ForbiddenException extends HelloAssoApiException {

    public ForbiddenException(int statusCode, String responseBody, String method, String path, List<ApiError> errors) {
        super(statusCode, responseBody, method, path, errors);
    }
}
