package org.passerelle.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.passerelle.gateway.api.ApiProblemException.FieldProblem;
import org.passerelle.gateway.web.ClientErrors;
import org.passerelle.gateway.web.WebConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem+json for every /api answer that is not a success: a status, a title and detail in the caller's
 * language (i18n/api*.properties), a stable {@code code} (documented in docs/api.md), and {@code errors[]} naming
 * each invalid field. Controllers carrying {@link ApiEndpoint} get it for what they throw ({@link ApiProblemException}
 * or anything else: an unexpected exception is a 500 {@code internal}, logged once with its trace); what fails before
 * any controller (unknown route, method, media types, authentication, body size, a rejected path) is answered here
 * too, through the error dispatch ({@link #error}). A client error is logged once, on one line, without a trace.
 */
@RestControllerAdvice(annotations = ApiEndpoint.class)
public class ApiProblems implements ClientErrors.ApiAnswers {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    private final MessageSource messages;
    private final JsonMapper json;

    public ApiProblems(MessageSource messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
    }

    @ExceptionHandler(ApiProblemException.class)
    public ResponseEntity<ProblemDetail> problem(ApiProblemException e, HttpServletRequest request) {
        if (e.status().is4xxClientError()) {
            ClientErrors.log(request, e.status().value(), e.code());
        }
        return entity(build(e, request));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        ApiSecurityConfiguration.BodyTooLargeException tooLarge = ApiSecurityConfiguration.tooLarge(e);
        if (tooLarge != null) {
            return problem(ApiSecurityConfiguration.BodyLimit.tooLarge(tooLarge.max), request);
        }
        FieldProblem field = fieldProblem(e);
        if (field != null) {
            return problem(new ApiProblemException(HttpStatus.BAD_REQUEST, "validation", List.of(field), 1), request);
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

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(new ApiProblemException(HttpStatus.NOT_ACCEPTABLE, "not_acceptable"), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(new ApiProblemException(HttpStatus.METHOD_NOT_ALLOWED, "method"), request);
    }

    /** A header value Spring Security's firewall refuses (control characters), found when a controller reads it. */
    @ExceptionHandler(RequestRejectedException.class)
    public ResponseEntity<ProblemDetail> rejected(RequestRejectedException e, HttpServletRequest request) {
        return problem(new ApiProblemException(HttpStatus.BAD_REQUEST, "bad_request"), request);
    }

    /** Anything else: Spring's own client errors keep their status; a bug is a 500 that says nothing of itself. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse spring && spring.getStatusCode().is4xxClientError()) {
            return problem(forStatus(spring.getStatusCode()), request);
        }
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return entity(build(new ApiProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "internal"), request));
    }

    /** The error dispatch of an API request (see {@link ClientErrors}): the same body, for the status it ended with. */
    @Override
    public void error(HttpServletRequest request, HttpServletResponse response, int status) throws IOException {
        write(response, request, forStatus(HttpStatusCode.valueOf(status)));
    }

    /** For filters, which answer before any controller: the same body, written directly. */
    public void write(HttpServletResponse response, HttpServletRequest request, ApiProblemException e)
            throws IOException {
        if (e.status().is4xxClientError()) {
            ClientErrors.log(request, e.status().value(), e.code());
        }
        ProblemDetail problem = build(e, request);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }

    public ProblemDetail build(ApiProblemException e, HttpServletRequest request) {
        // API callers choose with Accept-Language only (French by default), wherever the answer is written from
        Locale locale = WebConfiguration.fromAcceptLanguage(request);
        ProblemDetail problem = ProblemDetail.forStatus(e.status());
        problem.setTitle(messages.getMessage("api.problem." + e.code() + ".title", null, e.status().getReasonPhrase(), locale));
        problem.setDetail(messages.getMessage("api.problem." + e.code() + ".detail", e.args(), null, locale));
        problem.setInstance(instance(request));
        problem.setProperty("code", e.code());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors().stream()
                    .map(f -> Map.of("field", f.field(),
                            "message", messages.getMessage("api.field." + f.key(), f.args(), f.key(), locale)))
                    .toList());
        }
        return problem;
    }

    /** The stable code of an error known only by its status. */
    static ApiProblemException forStatus(HttpStatusCode status) {
        String code = switch (status.value()) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "route_not_found";
            case 405 -> "method";
            case 406 -> "not_acceptable";
            case 413 -> "too_large";
            case 415 -> "media_type";
            case 429 -> "rate_limited";
            default -> status.is4xxClientError() ? "bad_request" : "internal";
        };
        HttpStatus known = HttpStatus.resolve(status.value());
        return new ApiProblemException(known != null ? known
                : status.is4xxClientError() ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR, code);
    }

    /** The path that failed, as sent (never the /error dispatch), and only if it is a valid URI reference. */
    private static URI instance(HttpServletRequest request) {
        Object failed = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
        String path = failed instanceof String original ? original : request.getRequestURI();
        try {
            return path == null ? null : URI.create(path);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    private static ResponseEntity<ProblemDetail> entity(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The field a strict read refused, with why; null when the body is not a JSON object at all. */
    static FieldProblem fieldProblem(HttpMessageNotReadableException e) {
        JacksonException jackson = null;
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException found) {
                jackson = found;
                break;
            }
        }
        if (jackson == null) {
            return null;
        }
        String field = path(jackson);
        if (field.isEmpty() || field.startsWith("[")) {
            return null;
        }
        if (jackson instanceof UnrecognizedPropertyException) {
            return new FieldProblem(field, "unknown");
        }
        if (jackson instanceof StreamReadException) {
            if (String.valueOf(jackson.getOriginalMessage()).toLowerCase(Locale.ROOT).contains("duplicate")) {
                return new FieldProblem(field, "duplicate");
            }
            // a number too large for its field; anything else is broken JSON, the body's fault, not a field's
            return jackson instanceof InputCoercionException ? new FieldProblem(field, "integer") : null;
        }
        if (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && INTEGERS.contains(mismatch.getTargetType())) {
            return new FieldProblem(field, "integer");
        }
        return new FieldProblem(field, "type");
    }

    private static final java.util.Set<Class<?>> INTEGERS = java.util.Set.of(Integer.class, int.class, Long.class,
            long.class, Short.class, short.class);

    /**
     * payer.email, items[0]… Where the parser stood when it stopped for a malformed stream (a duplicate key is only
     * seen there), else Jackson's path of the value it could not bind.
     */
    private static String path(JacksonException e) {
        if (e instanceof StreamReadException && e.processor() instanceof tools.jackson.core.JsonParser parser) {
            String where = path(parser.streamReadContext());
            if (!where.isEmpty()) {
                return where;
            }
        }
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

    private static String path(TokenStreamContext context) {
        if (context == null || context.inRoot()) {
            return "";
        }
        String parent = path(context.getParent());
        if (context.inArray()) {
            return parent + "[" + Math.max(0, context.getCurrentIndex()) + "]";
        }
        String name = context.currentName();
        if (name == null) {
            return parent;
        }
        return parent.isEmpty() ? name : parent + "." + name;
    }
}
