package org.passerelle.helloasso;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /oauth2/token} (form-encoded, outside {@code /v5}) with the API client's credentials, for every grant:
 * {@code client_credentials}, {@code refresh_token} and the partner's {@code authorization_code}. Maps a refusal to
 * {@link AuthenticationException}, or to {@link InvalidGrantException} when the code, verifier or refresh token was
 * refused.
 */
final class TokenEndpoint {
    private static final System.Logger LOG = System.getLogger("org.passerelle.helloasso");
    private static final long DEFAULT_LIFETIME_SECONDS = 1800;
    /**
     * The OAuth2 errors that mean "this grant is dead" rather than "these credentials are wrong". HelloAsso's error
     * bodies are undocumented: {@code invalid_grant} is RFC 6749's, {@code access_denied} what HelloAsso's own legacy
     * SDK expects for a bad refresh token (api-notes §1.4, inferred).
     */
    private static final Set<String> GRANT_ERRORS = Set.of("invalid_grant", "access_denied");

    /** A token answer. {@code organizationSlug} only comes with the authorization-code grant. */
    record Answer(String accessToken, String refreshToken, Instant expiresAt, long lifetimeSeconds,
                  String organizationSlug) {
        @Override
        public String toString() {
            return "Answer[organizationSlug=" + organizationSlug + ", expiresAt=" + expiresAt + "]";
        }
    }

    private final HelloAssoEnvironment environment;
    private final String clientId;
    private final String clientSecret;
    private final HttpTransport transport;
    private final Clock clock;
    private final Duration requestTimeout;
    private final HelloAssoListener listener;

    TokenEndpoint(HelloAssoEnvironment environment, String clientId, String clientSecret, HttpTransport transport,
                  Clock clock, Duration requestTimeout, HelloAssoListener listener) {
        this.environment = environment;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.transport = transport;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        this.listener = listener;
    }

    Clock clock() {
        return clock;
    }

    /**
     * An authorization code works once: resending it after a lost answer could only get {@code invalid_grant}, so
     * that exchange is not retried and a network failure reaches the caller as such (start the link again).
     */
    Answer request(String grantType, Map<String, String> grantParameters) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grantType);
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.putAll(grantParameters);
        HttpTransport.Request request = new HttpTransport.Request("POST", environment.tokenUrl(),
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"),
                formBody(form), requestTimeout, !grantType.equals("authorization_code"));
        String path = environment.tokenUrl().getPath();
        boolean success = false;
        try {
            HttpTransport.Response response = transport.send(request);
            Answer answer = parse(grantType, response, path);
            success = true;
            LOG.log(Level.DEBUG, "Access token obtained with {0}, valid {1} s", grantType, answer.lifetimeSeconds());
            return answer;
        } catch (IOException e) {
            throw new HelloAssoNetworkException("POST", path, e instanceof HttpTimeoutException, e);
        } finally {
            listener.onTokenRequest(grantType, success);
        }
    }

    private Answer parse(String grantType, HttpTransport.Response response, String path) {
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (status == 400 || status == 401 || status == 403) {
            JsonNode error = readTree(body);
            String code = text(error, "error");
            String description = text(error, "error_description");
            if (!grantType.equals("client_credentials") && GRANT_ERRORS.contains(code)) {
                throw new InvalidGrantException(status, code, description);
            }
            throw new AuthenticationException(status, code, description);
        }
        if (status < 200 || status >= 300) {
            throw ApiRequester.errorFor(status, body, "POST", path, response, clock);
        }
        JsonNode json = readTree(body);
        String accessToken = text(json, "access_token");
        if (accessToken == null || accessToken.isBlank()) {
            throw new HelloAssoException("HelloAsso's token answer had no access_token");
        }
        long lifetime = json != null && json.path("expires_in").canConvertToLong()
                ? json.path("expires_in").asLong() : DEFAULT_LIFETIME_SECONDS;
        return new Answer(accessToken, text(json, "refresh_token"), clock.instant().plusSeconds(lifetime), lifetime,
                text(json, "organization_slug"));
    }

    private static JsonNode readTree(String body) {
        try {
            return HelloAssoJson.mapper().readTree(body);
        } catch (JacksonException e) {
            return null; // an unreadable token answer is reported by the caller, without echoing it
        }
    }

    private static String text(JsonNode json, String field) {
        if (json == null || !json.path(field).isString()) {
            return null;
        }
        return json.path(field).asString();
    }

    private static byte[] formBody(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
