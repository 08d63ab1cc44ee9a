package org.passerelle.helloasso;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one access token shared by every thread. It is renewed shortly before it expires, by one thread at a time
 * while the others wait for the result: with the refresh token first, falling back to the client credentials.
 */
final class AccessTokens implements TokenSource {
    private static final System.Logger LOG = System.getLogger("org.passerelle.helloasso");
    /** Renew this long before expiry, so a token never dies between being read and reaching HelloAsso. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(60);

    private final TokenEndpoint endpoint;
    private final Clock clock;
    private final ReentrantLock renewal = new ReentrantLock();
    private volatile Token current;

    AccessTokens(TokenEndpoint endpoint) {
        this.endpoint = endpoint;
        this.clock = endpoint.clock();
    }

    /** A token valid for at least the safety margin, renewing it if needed. */
    @Override
    public String accessToken() {
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
    @Override
    public void invalidate(String rejectedAccessToken) {
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
        TokenEndpoint.Answer answer = endpoint.request(grantType, grantParameters);
        return new Token(answer.accessToken(), answer.refreshToken(), answer.expiresAt(), answer.lifetimeSeconds());
    }

    /** Short-lived tokens (tests, emulators) keep half their life as margin instead of a full minute. */
    static boolean isFresh(Instant expiresAt, long lifetimeSeconds, Instant now) {
        Duration margin = SAFETY_MARGIN.compareTo(Duration.ofSeconds(lifetimeSeconds / 2)) < 0
                ? SAFETY_MARGIN : Duration.ofSeconds(lifetimeSeconds / 2);
        return now.isBefore(expiresAt.minus(margin));
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
            return AccessTokens.isFresh(expiresAt, lifetimeSeconds, now);
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
