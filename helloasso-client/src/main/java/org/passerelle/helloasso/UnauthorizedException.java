package org.passerelle.helloasso;

import java.util.List;

/** The access token was refused even after renewing it once. */
public class UnauthorizedException extends HelloAssoApiException {

    public UnauthorizedException(int statusCode, String responseBody, String method, String path, List<ApiError> errors) {
        super(statusCode, responseBody, method, path, errors);
    }
}
