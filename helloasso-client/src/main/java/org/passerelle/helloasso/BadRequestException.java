package org.passerelle.helloasso;

import java.util.List;

/** HelloAsso rejected the request as invalid; {@link #errors()} says why. */
public class BadRequestException extends HelloAssoApiException {

    public BadRequestException(int statusCode, String responseBody, String method, String path, List<ApiError> errors) {
        super(statusCode, responseBody, method, path, errors);
    }
}
