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
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The one access token shared by every thread. It is renewed shortly before it expires, by one thread at a time
 * while the others wait for the result: with the refresh token first, falling back to the client credentials.
 */
final class AccessTokens {
    private static final System.Logger LOG = System.getLogger("org.passerelle.helloasso");
    /** Renew this long before expiry, so a token never dies between being read and reaching HelloAsso. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(60);
    private static final long DEFAULT_LIFETIME_SECONDS = 1800;

    private final HelloAssoEnvironment environment;
    private final String clientId;
    private final String clientSecret;
    private final HttpTransport transport;
    private final Clock clock;
    private final Duration requestTimeout;
    private final HelloAssoListener listener;
    private final ReentrantLock renewal = new ReentrantLock();
    private volatile Token current;

    AccessTokens(HelloAssoEnvironment environment, String clientId, String clientSecret, HttpTransport transport,
                 Clock clock, Duration requestTimeout, HelloAssoListener listener) {
        this.environment = environment;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.transport = transport;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        this.listener = listener;
    }

    /** A token valid for at least the safety margin, renewing it if needed. */
    String accessToken() {
        Token token = current;
        if (token != null && token.isFresh(clock.instant())) {
            return token.accessToken;
        }
        renewal.lock();
        try {
            token = current;
            if (token != null && token.isFresh(clock.instant())) {
                return token.accessToken; // another thread renewed it while we waited
            }
            current = renew(token);
            return current.accessToken;
        } finally {
            renewal.unlock();
        }
    }

    /** HelloAsso refused this token: forget it, unless another thread already replaced it. */
    void invalidate(String rejectedAccessToken) {
        renewal.lock();
        try {
            Token token = current;
            if (token != null && token.accessToken.equals(rejectedAccessToken)) {
                current = token.expired();
            }
        } finally {
            renewal.unlock();
        }
    }

    private Token renew(Token previous) {
        if (previous != null && previous.refreshToken != null) {
            try {
                return request("refresh_token", Map.of("refresh_token", previous.refreshToken));
            } catch (AuthenticationException | HelloAssoApiException refused) {
                // Any answer but success (expired, revoked, unsupported): the client credentials still work.
                LOG.log(Level.DEBUG, "Refresh token not accepted ({0}); falling back to client credentials",
                        refused.getMessage());
            }
        }
        return request("client_credentials", Map.of());
    }

    private Token request(String grantType, Map<String, String> grantParameters) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grantType);
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.putAll(grantParameters);
        HttpTransport.Request request = new HttpTransport.Request("POST", environment.tokenUrl(),
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"),
                formBody(form), requestTimeout, true);
        String path = environment.tokenUrl().getPath();
        boolean success = false;
        try {
            HttpTransport.Response response = transport.send(request);
            Token token = parse(response, path);
            success = true;
            LOG.log(Level.DEBUG, "Access token obtained with {0}, valid {1} s", grantType, token.lifetimeSeconds);
            return token;
        } catch (IOException e) {
            throw new HelloAssoNetworkException("POST", path, e instanceof HttpTimeoutException, e);
        } finally {
            listener.onTokenRequest(grantType, success);
        }
    }

    private Token parse(HttpTransport.Response response, String path) {
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (status == 400 || status == 401 || status == 403) {
            JsonNode error = readTree(body);
            throw new AuthenticationException(status, text(error, "error"), text(error, "error_description"));
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
        return new Token(accessToken, text(json, "refresh_token"), clock.instant().plusSeconds(lifetime), lifetime);
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

    private static final class Token {
        final String accessToken;
        final String refreshToken;
        final Instant expiresAt;
        final long lifetimeSeconds;

        Token(String accessToken, String refreshToken, Instant expiresAt, long lifetimeSeconds) {
            this.accessToken = accessToken;
            this.refreshToken = refreshToken;
            this.expiresAt = expiresAt;
            this.lifetimeSeconds = lifetimeSeconds;
        }

        boolean isFresh(Instant now) {
            // Short-lived tokens (tests, emulators) keep half their life as margin instead of a full minute.
            Duration margin = SAFETY_MARGIN.compareTo(Duration.ofSeconds(lifetimeSeconds / 2)) < 0
                    ? SAFETY_MARGIN : Duration.ofSeconds(lifetimeSeconds / 2);
            return now.isBefore(expiresAt.minus(margin));
        }

        /** Keeps the refresh token, which is still worth trying. */
        Token expired() {
            return new Token(accessToken, refreshToken, Instant.EPOCH, lifetimeSeconds);
        }

        @Override
        public String toString() {
            return "Token[expiresAt=" + expiresAt + "]";
        }
    }
}
