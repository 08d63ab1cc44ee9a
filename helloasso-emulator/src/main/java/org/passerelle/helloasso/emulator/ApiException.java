package org.passerelle.helloasso.emulator;

import java.util.List;

/** An HTTP error answer in HelloAsso's shape: {@code {"errors":[{"code":..,"message":..}]}}. */
final class ApiException extends RuntimeException {

    record Error(String code, String message) {
    }

    private final int status;
    private final List<Error> errors;

    ApiException(int status, String code, String message) {
        this(status, List.of(new Error(code, message)));
    }

    ApiException(int status, List<Error> errors) {
        super(errors.getFirst().message(), null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NotFound", message);
    }

    int status() {
        return status;
    }

    List<Error> errors() {
        return errors;
    }
}
