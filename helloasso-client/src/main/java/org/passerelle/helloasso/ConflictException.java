package org.passerelle.helloasso;

import java.util.List;

/** HelloAsso answered 409, e.g. a refund its rules refuse; {@link #errors()} carries its codes. */
public class ConflictException extends HelloAssoApiException {

    public ConflictException(int statusCode, String responseBody, String method, String path, List<ApiError> errors) {
        super(statusCode, responseBody, method, path, errors);
    }
}
