package org.passerelle.helloasso.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.passerelle.helloasso.emulator.EmulatorConfig.ClientAccount;

/**
 * The OAuth2 side: API clients, access tokens and refresh tokens. Access tokens look like HelloAsso's (a JWT whose
 * payload carries {@code jti} and the client privileges {@code cps}); only this emulator can check them.
 */
final class Tokens {

    /** An OAuth2 error answer (RFC 6749 §5.2). The error codes are ASSUMPTIONS: HelloAsso's are undocumented. */
    static final class OAuthError extends RuntimeException {
        final String error;

        OAuthError(String error, String description) {
            super(description, null, false, false);
            this.error = error;
        }
    }

    record Issued(String accessToken, String refreshToken, long expiresIn) {
    }

    record Grant(String clientId, Set<String> privileges, Instant expiresAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Clock clock;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final Map<String, ClientAccount> clients = new HashMap<>();
    private final Map<String, Grant> accessTokens = new HashMap<>();
    private final Map<String, Grant> refreshTokens = new HashMap<>();

    Tokens(Clock clock, Duration accessTtl, Duration refreshTtl, List<ClientAccount> accounts) {
        this.clock = clock;
        this.accessTtl = accessTtl;
        this.refreshTtl = refreshTtl;
        accounts.forEach(a -> clients.put(a.clientId(), a));
    }

    synchronized Issued clientCredentials(String clientId, String clientSecret) {
        ClientAccount account = clientId == null ? null : clients.get(clientId);
        if (account == null || clientSecret == null || !constantTimeEquals(account.clientSecret(), clientSecret)) {
            throw new OAuthError("unauthorized_client", "Invalid client_id or client_secret.");
        }
        return issue(account.clientId(), account.privileges());
    }

    /** Refresh tokens rotate: the one used stops working (an ASSUMPTION, HelloAsso does not say). */
    synchronized Issued refresh(String clientId, String refreshToken) {
        Grant grant = refreshToken == null ? null : refreshTokens.remove(refreshToken);
        if (grant == null || !grant.expiresAt().isAfter(clock.instant())) {
            throw new OAuthError("access_denied", "The refresh token is invalid, expired or already used.");
        }
        if (clientId != null && !clientId.equals(grant.clientId())) {
            refreshTokens.put(refreshToken, grant);
            throw new OAuthError("access_denied", "The refresh token was not issued to this client.");
        }
        return issue(grant.clientId(), grant.privileges());
    }

    /** The grant behind a bearer token, if it exists and has not expired. */
    synchronized Optional<Grant> check(String accessToken) {
        Grant grant = accessTokens.get(accessToken);
        if (grant == null) {
            return Optional.empty();
        }
        if (!grant.expiresAt().isAfter(clock.instant())) {
            accessTokens.remove(accessToken);
            return Optional.empty();
        }
        return Optional.of(grant);
    }

    synchronized void reset() {
        accessTokens.clear();
        refreshTokens.clear();
    }

    private Issued issue(String clientId, Set<String> privileges) {
        Instant now = clock.instant();
        String access = jwt(clientId, privileges, now);
        String refresh = randomToken(48);
        accessTokens.put(access, new Grant(clientId, privileges, now.plus(accessTtl)));
        refreshTokens.put(refresh, new Grant(clientId, privileges, now.plus(refreshTtl)));
        return new Issued(access, refresh, accessTtl.toSeconds());
    }

    private static String jwt(String clientId, Set<String> privileges, Instant now) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        StringBuilder cps = new StringBuilder();
        for (String p : new TreeSet<>(privileges)) {
            cps.append(cps.isEmpty() ? "" : ",").append('"').append(p).append('"');
        }
        String payload = "{\"jti\":\"" + randomToken(16) + "\",\"cid\":\"" + clientId.replace("\"", "")
                + "\",\"cps\":[" + cps + "],\"iat\":" + now.getEpochSecond() + "}";
        return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + randomToken(64);
    }

    static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    /** 64 letters and digits, like the signature keys HelloAsso hands out. */
    static String randomAlphanumeric(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
