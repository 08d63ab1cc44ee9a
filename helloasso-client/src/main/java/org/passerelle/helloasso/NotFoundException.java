package org.passerelle.helloasso;

import java.util.List;

/** The resource does not exist, or is not visible to this API client. */
public class NotFoundException extends HelloAssoApiException {

    public NotFoundException(int statusCode, String responseBody, String method, String path, List<ApiError> errors) {
        super(statusCode, responseBody, method, path, errors);
    }
}
