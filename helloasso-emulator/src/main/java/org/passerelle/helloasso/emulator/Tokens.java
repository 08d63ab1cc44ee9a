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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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

    /** {@code organizationSlug} is set for tokens of the authorization-code flow and their refreshes. */
    record Issued(String accessToken, String refreshToken, long expiresIn, String organizationSlug) {
    }

    /**
     * What a token lets its bearer do. {@code partnerClient} false: the emulator's association clients, which reach
     * every organization of the emulator (as before partner mode). A partner's {@code client_credentials} token
     * ({@code organization} null) reaches no organization resource; a token from the authorization-code flow reaches
     * the one organization that was linked.
     */
    record Grant(String clientId, Set<String> privileges, Instant expiresAt, String organization, boolean partnerClient) {

        boolean mayAccessOrganization(String slug) {
            return !partnerClient || slug.equals(organization);
        }
    }

    /** A code handed out by the consent page: single use, short-lived, bound to its client, redirect URI and PKCE challenge. */
    private record PendingCode(String clientId, String redirectUri, String codeChallenge, String organization,
                               Instant expiresAt) {
    }

    /** An organization linked to a partner client through the consent page. */
    record Link(String clientId, String organization, Instant linkedAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Clock clock;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final Map<String, ClientAccount> clients = new HashMap<>();
    private final Map<String, Grant> accessTokens = new HashMap<>();
    private final Map<String, Grant> refreshTokens = new HashMap<>();
    private final Map<String, PendingCode> codes = new HashMap<>();
    /** Partner client id to its linked organizations, in the order they were linked. */
    private final Map<String, Map<String, Link>> links = new HashMap<>();
    /** Partner client id to the domain its redirect URIs must use ({@code PUT /partners/me/api-clients}). */
    private final Map<String, String> domains = new HashMap<>();
    private final Duration codeTtl;
    /** Receives each change of partner mode's lasting state (links, domains, organization refresh tokens). */
    private java.util.function.Consumer<ObjectNode> journal = line -> { };

    Tokens(Clock clock, Duration accessTtl, Duration refreshTtl, Duration codeTtl, List<ClientAccount> accounts) {
        this.clock = clock;
        this.accessTtl = accessTtl;
        this.refreshTtl = refreshTtl;
        this.codeTtl = codeTtl;
        accounts.forEach(a -> clients.put(a.clientId(), a));
    }

    synchronized Issued clientCredentials(String clientId, String clientSecret) {
        ClientAccount account = clientId == null ? null : clients.get(clientId);
        if (account == null || clientSecret == null || !constantTimeEquals(account.clientSecret(), clientSecret)) {
            throw new OAuthError("unauthorized_client", "Invalid client_id or client_secret.");
        }
        return issue(account.clientId(), account.privileges(), null, account.partner());
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
        if (grant.organization() != null) {
            journal.accept(Views.JSON.createObjectNode().put("t", "refreshUsed").put("token", refreshToken));
        }
        return issue(grant.clientId(), grant.privileges(), grant.organization(), grant.partnerClient());
    }

    // ---- partner mode: the authorization-code flow with PKCE ---------------------------------------------------

    /** The partner client behind an authorize request, or an explanation of why the consent page cannot be shown. */
    synchronized ClientAccount partnerClient(String clientId) {
        ClientAccount account = clientId == null ? null : clients.get(clientId);
        if (account == null || !account.partner()) {
            throw new OAuthError("unauthorized_client", "client_id is not a partner API client of this HelloAsso.");
        }
        return account;
    }

    /**
     * The redirect URI must be absolute http(s) and on the domain the partner registered beforehand with
     * {@code PUT /v5/partners/me/api-clients} (api-notes §1.2). A domain given as a URL compares scheme, host and
     * port; a bare host name compares the host only.
     */
    synchronized void checkRedirectUri(String clientId, String redirectUri) {
        java.net.URI uri;
        try {
            uri = redirectUri == null ? null : new java.net.URI(redirectUri);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new OAuthError("invalid_request", "redirect_uri must be an absolute http(s) URL.");
        }
        String domain = domains.get(clientId);
        if (domain == null) {
            throw new OAuthError("invalid_request", "No redirect domain is registered for this client: "
                    + "call PUT /v5/partners/me/api-clients with {\"domain\": …} first.");
        }
        if (!domainMatches(domain, uri)) {
            throw new OAuthError("invalid_request", "redirect_uri is not on the registered domain " + domain + ".");
        }
    }

    private static boolean domainMatches(String domain, java.net.URI redirect) {
        try {
            java.net.URI registered = new java.net.URI(domain);
            if (registered.getScheme() != null && registered.getHost() != null) {
                return registered.getScheme().equalsIgnoreCase(redirect.getScheme())
                        && registered.getHost().equalsIgnoreCase(redirect.getHost())
                        && port(registered) == port(redirect);
            }
        } catch (java.net.URISyntaxException e) {
            // a bare host name: compared below
        }
        return domain.strip().equalsIgnoreCase(redirect.getHost());
    }

    private static int port(java.net.URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    synchronized void registerDomain(String clientId, String domain) {
        domains.put(clientId, domain);
        journal.accept(Views.JSON.createObjectNode().put("t", "domain").put("client", clientId).put("domain", domain));
    }

    synchronized String domain(String clientId) {
        return domains.get(clientId);
    }

    /** The user approved on the consent page: the organization is linked and a single-use code goes back. */
    synchronized String approve(String clientId, String redirectUri, String codeChallenge, String organization) {
        Instant now = clock.instant();
        codes.values().removeIf(c -> !c.expiresAt().isAfter(now));
        String code = randomToken(32);
        codes.put(code, new PendingCode(clientId, redirectUri, codeChallenge, organization, now.plus(codeTtl)));
        if (links.computeIfAbsent(clientId, k -> new java.util.LinkedHashMap<>())
                .putIfAbsent(organization, new Link(clientId, organization, now)) == null) {
            journal.accept(Views.JSON.createObjectNode().put("t", "link").put("client", clientId)
                    .put("organization", organization).put("at", now.toString()));
        }
        return code;
    }

    /**
     * {@code grant_type=authorization_code}: the partner's credentials, the code (once, before it expires), the
     * redirect URI it was issued for, and a {@code code_verifier} whose S256 is the challenge. Errors are RFC 6749's
     * {@code invalid_grant} (HelloAsso's bodies are undocumented: an ASSUMPTION).
     */
    synchronized Issued authorizationCode(String clientId, String clientSecret, String code, String redirectUri,
                                          String codeVerifier) {
        ClientAccount account = clientId == null ? null : clients.get(clientId);
        if (account == null || clientSecret == null || !constantTimeEquals(account.clientSecret(), clientSecret)) {
            throw new OAuthError("unauthorized_client", "Invalid client_id or client_secret.");
        }
        if (code == null || code.isBlank()) {
            throw new OAuthError("invalid_request", "code is required.");
        }
        if (codeVerifier == null || !codeVerifier.matches("[A-Za-z0-9._~-]{43,128}")) {
            throw new OAuthError("invalid_request", "code_verifier is required: 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636).");
        }
        // Removed at first use, whatever follows: a code never works twice.
        PendingCode pending = codes.remove(code);
        if (pending == null || !pending.expiresAt().isAfter(clock.instant())) {
            throw new OAuthError("invalid_grant", "The authorization code is invalid, expired or already used.");
        }
        if (!pending.clientId().equals(account.clientId())) {
            throw new OAuthError("invalid_grant", "The authorization code was not issued to this client.");
        }
        if (!pending.redirectUri().equals(redirectUri)) {
            throw new OAuthError("invalid_grant", "redirect_uri does not match the one of the authorization request.");
        }
        if (!constantTimeEquals(pending.codeChallenge(), s256(codeVerifier))) {
            throw new OAuthError("invalid_grant", "The code_verifier does not match the code_challenge.");
        }
        return issue(account.clientId(), account.privileges(), pending.organization(), true);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return B64.encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The organizations linked to a partner client, oldest link first. */
    synchronized List<Link> links(String clientId) {
        return List.copyOf(links.getOrDefault(clientId, Map.of()).values());
    }

    /** Whether a refresh token for this client and organization still works (HelloAsso's {@code availableAccessToken}). */
    synchronized boolean hasValidToken(String clientId, String organization) {
        Instant now = clock.instant();
        return refreshTokens.values().stream().anyMatch(g -> g.clientId().equals(clientId)
                && organization.equals(g.organization()) && g.expiresAt().isAfter(now));
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
        codes.clear();
        links.clear();
        domains.clear();
    }

    private Issued issue(String clientId, Set<String> privileges, String organization, boolean partnerClient) {
        Instant now = clock.instant();
        String access = jwt(clientId, privileges, now);
        String refresh = randomToken(48);
        accessTokens.put(access, new Grant(clientId, privileges, now.plus(accessTtl), organization, partnerClient));
        Grant refreshGrant = new Grant(clientId, privileges, now.plus(refreshTtl), organization, partnerClient);
        refreshTokens.put(refresh, refreshGrant);
        if (organization != null) {
            journal.accept(grantLine(refresh, refreshGrant).put("t", "refresh"));
        }
        return new Issued(access, refresh, accessTtl.toSeconds(), organization);
    }

    // ---- state kept between runs (partner mode only: links, domains, organization refresh tokens) --------------

    synchronized void persistTo(java.util.function.Consumer<ObjectNode> journal) {
        this.journal = journal;
    }

    /**
     * What a partner must not lose at a restart: HelloAsso keeps its links and refresh tokens. Access tokens and
     * client-credentials grants are not kept (a 401 makes clients ask again), nor pending codes.
     */
    synchronized ObjectNode snapshot() {
        ObjectNode state = Views.JSON.createObjectNode();
        ArrayNode linkList = state.putArray("links");
        links.values().forEach(byOrg -> byOrg.values().forEach(l -> linkList.addObject().put("client", l.clientId())
                .put("organization", l.organization()).put("at", l.linkedAt().toString())));
        ObjectNode domainMap = state.putObject("domains");
        domains.forEach(domainMap::put);
        ArrayNode grants = state.putArray("refreshTokens");
        refreshTokens.forEach((token, grant) -> {
            if (grant.organization() != null) {
                grants.add(grantLine(token, grant));
            }
        });
        return state;
    }

    synchronized void restore(JsonNode state) {
        state.path("links").forEach(this::restoreLine);
        state.path("domains").properties().forEach(e -> domains.put(e.getKey(), e.getValue().stringValue()));
        state.path("refreshTokens").forEach(g -> restoreGrant(g));
    }

    /** One journal line written by {@link #persistTo}'s journal; false when it is not partner mode's. */
    synchronized boolean restoreLine(JsonNode line) {
        switch (line.path("t").asString("")) {
            case "link", "" -> {
                if (!line.hasNonNull("organization")) {
                    return false;
                }
                links.computeIfAbsent(line.get("client").stringValue(), k -> new java.util.LinkedHashMap<>())
                        .putIfAbsent(line.get("organization").stringValue(), new Link(line.get("client").stringValue(),
                                line.get("organization").stringValue(), Instant.parse(line.get("at").stringValue())));
            }
            case "domain" -> domains.put(line.get("client").stringValue(), line.get("domain").stringValue());
            case "refresh" -> restoreGrant(line);
            case "refreshUsed" -> refreshTokens.remove(line.get("token").stringValue());
            default -> {
                return false;
            }
        }
        return true;
    }

    private void restoreGrant(JsonNode g) {
        Set<String> privileges = new java.util.HashSet<>();
        g.path("privileges").forEach(p -> privileges.add(p.stringValue()));
        refreshTokens.put(g.get("token").stringValue(), new Grant(g.get("client").stringValue(), privileges,
                Instant.parse(g.get("expiresAt").stringValue()), g.get("organization").stringValue(), true));
    }

    private static ObjectNode grantLine(String token, Grant grant) {
        ObjectNode line = Views.JSON.createObjectNode();
        line.put("token", token).put("client", grant.clientId()).put("organization", grant.organization())
                .put("expiresAt", grant.expiresAt().toString());
        ArrayNode privileges = line.putArray("privileges");
        new TreeSet<>(grant.privileges()).forEach(privileges::add);
        return line;
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
