package org.passerelle.helloasso;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/**
 * Runs one API call: bearer token, transport (with its retries), one retry after a 401 with a renewed token, then
 * maps the answer to a record or to the exception for its status. Logs and listener events go out from here.
 */
final class ApiRequester {
    private static final System.Logger LOG = System.getLogger("org.passerelle.helloasso");
    private static final String USER_AGENT = "passerelle-helloasso-client";
    private static final Pattern MFA_CODE = Pattern.compile("AuthorizationErrors\\.(?:MFA\\.\\w+|UserNotEnrolled)");

    private final HelloAssoEnvironment environment;
    private final HttpTransport transport;
    private final TokenSource tokens;
    private final Duration requestTimeout;
    private final HelloAssoListener listener;
    private final Clock clock;

    ApiRequester(HelloAssoEnvironment environment, HttpTransport transport, TokenSource tokens,
                 Duration requestTimeout, HelloAssoListener listener, Clock clock) {
        this.environment = environment;
        this.transport = transport;
        this.tokens = tokens;
        this.requestTimeout = requestTimeout;
        this.listener = listener;
        this.clock = clock;
    }

    HelloAssoEnvironment environment() {
        return environment;
    }

    /**
     * @param path     the filled path from {@link Operation#path}, relative to {@code /v5}
     * @param query    null when the call has none
     * @param body     serialised as JSON; null for no body
     * @param response the type to read; null to ignore the body
     */
    <T> T call(Operation operation, String path, Query query, Object body, JavaType response) {
        String fullPath = environment.apiBase().getPath() + path;
        URI uri = URI.create(environment.apiBase() + path + (query == null ? "" : query.toQueryString()));
        byte[] json = body == null ? null : HelloAssoJson.mapper().writeValueAsBytes(body);
        long started = System.nanoTime();
        HttpTransport.Response answer;
        try {
            answer = send(operation, uri, json, tokens.accessToken());
        } catch (HelloAssoException tokenFailure) {
            // No access token could be obtained (at first, or to retry after a 401).
            listener.onFailure(operation.operationName(), operation.method(), fullPath, tokenFailure, since(started));
            throw tokenFailure;
        } catch (IOException e) {
            HelloAssoNetworkException failure = new HelloAssoNetworkException(operation.method(), fullPath,
                    e instanceof HttpTimeoutException, e);
            LOG.log(Level.WARNING, "{0} {1} failed without an answer: {2}", operation.method(), fullPath, e.toString());
            listener.onFailure(operation.operationName(), operation.method(), fullPath, failure, since(started));
            throw failure;
        }
        Duration duration = since(started);
        int status = answer.statusCode();
        LOG.log(Level.DEBUG, "{0} {1} -> {2} in {3} ms", operation.method(), fullPath, status, duration.toMillis());
        listener.onResponse(operation.operationName(), operation.method(), fullPath, status, duration);
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        if (status < 200 || status >= 300) {
            throw errorFor(status, text, operation.method(), fullPath, answer, clock);
        }
        if (response == null || text.isBlank()) {
            return null;
        }
        try {
            return HelloAssoJson.mapper().readValue(text, response);
        } catch (JacksonException e) {
            throw new HelloAssoException("Could not read HelloAsso's answer to " + operation.method() + " " + fullPath
                    + " as " + response.getRawClass().getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /** Sends once more with a renewed token after a 401: the token may have been revoked before its expiry. */
    private HttpTransport.Response send(Operation operation, URI uri, byte[] json, String token) throws IOException {
        HttpTransport.Response answer = transport.send(request(operation, uri, json, token));
        if (answer.statusCode() != 401) {
            return answer;
        }
        LOG.log(Level.DEBUG, "{0} {1} -> 401; renewing the access token and trying once more",
                operation.method(), uri.getPath());
        tokens.invalidate(token);
        return transport.send(request(operation, uri, json, tokens.accessToken()));
    }

    private HttpTransport.Request request(Operation operation, URI uri, byte[] json, String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("Accept", "application/json");
        headers.put("User-Agent", USER_AGENT);
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        return new HttpTransport.Request(operation.method(), uri, headers, json, requestTimeout,
                operation.retrySafe());
    }

    /** The exception for an error status; the body is kept with secrets masked. */
    static HelloAssoApiException errorFor(int status, String body, String method, String path,
                                          HttpTransport.Response response, Clock clock) {
        String safeBody = Redaction.redact(body);
        List<ApiError> errors = parseErrors(body);
        return switch (status) {
            case 400 -> new BadRequestException(status, safeBody, method, path, errors);
            case 401 -> new UnauthorizedException(status, safeBody, method, path, errors);
            case 403 -> new ForbiddenException(status, safeBody, method, path, errors);
            case 404, 410 -> new NotFoundException(status, safeBody, method, path, errors);
            case 409 -> {
                // The body shape of the MFA answer is undocumented: look for its code anywhere in it.
                Matcher mfa = MFA_CODE.matcher(body);
                yield mfa.find()
                        ? new MfaRequiredException(status, safeBody, method, path, errors, mfa.group())
                        : new ConflictException(status, safeBody, method, path, errors);
            }
            case 429 -> new RateLimitedException(status, safeBody, method, path, errors,
                    RetryingTransport.retryAfter(response, clock).orElse(null));
            default -> status >= 500
                    ? new ServerErrorException(status, safeBody, method, path, errors)
                    : new HelloAssoApiException(status, safeBody, method, path, errors);
        };
    }

    /** Reads {@code {"errors":[{"code","message"}]}}; any other body gives an empty list. */
    static List<ApiError> parseErrors(String body) {
        List<ApiError> errors = new ArrayList<>();
        try {
            JsonNode list = HelloAssoJson.mapper().readTree(body).path("errors");
            for (JsonNode error : list) {
                errors.add(new ApiError(textOrNull(error.path("code")), textOrNull(error.path("message"))));
            }
        } catch (JacksonException | IllegalArgumentException notJson) {
            return List.of();
        }
        return errors;
    }

    private static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
