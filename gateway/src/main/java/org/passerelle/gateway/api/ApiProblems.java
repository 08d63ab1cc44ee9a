package org.passerelle.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.passerelle.gateway.api.ApiProblemException.FieldProblem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem+json for the API: a status, a title and detail in the caller's language (i18n/api*.properties),
 * a stable {@code code}, and {@code errors[]} naming each invalid field. Other /api controllers get the same answers
 * by carrying {@link ApiEndpoint} and throwing {@link ApiProblemException}.
 */
@RestControllerAdvice(annotations = ApiEndpoint.class)
public class ApiProblems {

    private final MessageSource messages;
    private final JsonMapper json;

    public ApiProblems(MessageSource messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
    }

    @ExceptionHandler(ApiProblemException.class)
    public ResponseEntity<ProblemDetail> problem(ApiProblemException e, HttpServletRequest request) {
        return entity(build(e, request));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        // a value of the wrong type names its field; broken JSON names none
        if (e.getCause() instanceof DatabindException bind && !bind.getPath().isEmpty()) {
            return problem(new ApiProblemException(HttpStatus.BAD_REQUEST, "validation",
                    List.of(new FieldProblem(path(bind), "type")), 1), request);
        }
        return problem(new ApiProblemException(HttpStatus.BAD_REQUEST, "unreadable"), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(new ApiProblemException(HttpStatus.BAD_REQUEST, "validation",
                List.of(new FieldProblem(e.getName(), "type")), 1), request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    public ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return problem(new ApiProblemException(HttpStatus.BAD_REQUEST, "validation",
                List.of(new FieldProblem(e.getHeaderName(), "required")), 1), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return problem(new ApiProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "media_type"), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(new ApiProblemException(HttpStatus.METHOD_NOT_ALLOWED, "method"), request);
    }

    /** For filters, which answer before any controller: the same body, written directly. */
    public void write(HttpServletResponse response, HttpServletRequest request, ApiProblemException e)
            throws IOException {
        ProblemDetail problem = build(e, request);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }

    public ProblemDetail build(ApiProblemException e, HttpServletRequest request) {
        Locale locale = LocaleContextHolder.getLocale();
        ProblemDetail problem = ProblemDetail.forStatus(e.status());
        problem.setTitle(messages.getMessage("api.problem." + e.code() + ".title", null, e.status().getReasonPhrase(), locale));
        problem.setDetail(messages.getMessage("api.problem." + e.code() + ".detail", e.args(), null, locale));
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("code", e.code());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors().stream()
                    .map(f -> Map.of("field", f.field(),
                            "message", messages.getMessage("api.field." + f.key(), f.args(), f.key(), locale)))
                    .toList());
        }
        return problem;
    }

    private static ResponseEntity<ProblemDetail> entity(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** payer.email, items[0]… from Jackson's path. */
    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
