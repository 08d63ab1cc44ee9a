package org.passerelle.gateway.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * An error an API endpoint answers as problem+json: {@code code} names it (and its message keys
 * {@code api.problem.<code>.title} / {@code .detail}, with {@code args}); {@code errors} lists field-level messages.
 */
public class ApiProblemException extends RuntimeException {

    /** One invalid field: its JSON path and the message key ({@code api.field.<key>}) with arguments. */
    public record FieldProblem(String field, String key, Object... args) {
    }

    private final HttpStatus status;
    private final String code;
    private final transient Object[] args;
    private final transient List<FieldProblem> errors;

    public ApiProblemException(HttpStatus status, String code, Object... args) {
        this(status, code, List.of(), args);
    }

    public ApiProblemException(HttpStatus status, String code, List<FieldProblem> errors, Object... args) {
        super(code);
        this.status = status;
        this.code = code;
        this.args = args;
        this.errors = List.copyOf(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Object[] args() {
        return args;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
