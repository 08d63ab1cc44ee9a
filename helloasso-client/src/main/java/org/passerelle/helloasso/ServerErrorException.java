package org.passerelle.helloasso;

import java.util.List;

/** HelloAsso failed (5xx). For a POST the outcome is unknown: read back before trying again. */
public class ServerErrorException extends HelloAssoApiException {

    public ServerErrorException(int statusCode, String responseBody, String method, String path, List<ApiError> errors) {
        super(statusCode, responseBody, method, path, errors);
    }
}
