package org.passerelle.helloasso;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.passerelle.helloasso.model.LinkedOrganization;

/**
 * HelloAsso's partner mode (api-notes §1.2, §5.1): one partner API client acts for several associations, each linked
 * once through HelloAsso's authorization page (authorization code with PKCE). Each organization's tokens are kept in
 * the {@link OrganizationTokenStore} given to the builder and refreshed (with rotation) on their own.
 *
 * <pre>{@code
 * // 1. Once: the redirect URI's domain must be registered with HelloAsso.
 * partner.setRedirectDomain("https://pay.example.org");
 * // 2. Send the association's administrator to HelloAsso; keep the request (state, verifier) in the session.
 * AuthorizationRequest pending = partner.authorizationRequest(URI.create("https://pay.example.org/helloasso/callback"));
 * // 3. On the callback (?code=…&state=… or ?error=…&state=…):
 * String slug = partner.completeAuthorization(pending, state, code, error).organizationSlug();
 * // 4. Act for it: every call of this client uses that organization's token.
 * HelloAssoClient association = partner.organization(slug);
 * association.notificationUrls().setForOrganization(slug, "https://pay.example.org/helloasso/notifications", null);
 * association.checkoutIntents().create(slug, request);
 * }</pre>
 *
 * Partner-wide calls (the global notification URL, {@code GET /partners/me}) use the partner's own client
 * credentials: the {@link HelloAssoClient} this came from.
 */
public final class Partner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HelloAssoEnvironment environment;
    private final String clientId;
    private final ApiRequester partnerApi;
    private final TokenEndpoint endpoint;
    private final OrganizationTokenStore store;
    private final BiFunction<String, TokenSource, HelloAssoClient> clientFactory;
    private final Map<String, HelloAssoClient> organizations = new ConcurrentHashMap<>();

    Partner(HelloAssoEnvironment environment, String clientId, ApiRequester partnerApi, TokenEndpoint endpoint,
            OrganizationTokenStore store, BiFunction<String, TokenSource, HelloAssoClient> clientFactory) {
        this.environment = environment;
        this.clientId = clientId;
        this.partnerApi = partnerApi;
        this.endpoint = endpoint;
        this.store = store;
        this.clientFactory = clientFactory;
    }

    /**
     * Registers the domain HelloAsso may redirect to after the authorization page ({@code PUT
     * /partners/me/api-clients}); the redirect URI must be on it. Idempotent.
     */
    public void setRedirectDomain(String domain) {
        if (domain == null || domain.isBlank()) {
            throw new InvalidRequestException("domain", "is required");
        }
        Operation operation = Operation.PARTNERS_SET_REDIRECT_DOMAIN;
        partnerApi.call(operation, operation.path(), null, new ApiClientDomain(domain), null);
    }

    /**
     * Starts linking an organization: a fresh PKCE pair and {@code state}, and the authorization page URL with
     * {@code client_id}, {@code redirect_uri}, {@code code_challenge}, {@code code_challenge_method=S256} and
     * {@code state}. Keep the result server-side until the callback; send the browser to {@link AuthorizationRequest#url()}.
     */
    public AuthorizationRequest authorizationRequest(URI redirectUri) {
        if (redirectUri == null || !redirectUri.isAbsolute() || redirectUri.getHost() == null) {
            throw new InvalidRequestException("redirectUri", "must be an absolute URL");
        }
        if (environment.isProduction() && !"https".equalsIgnoreCase(redirectUri.getScheme())) {
            throw new InvalidRequestException("redirectUri", "must use https against production");
        }
        Pkce pkce = Pkce.generate();
        byte[] stateBytes = new byte[24];
        RANDOM.nextBytes(stateBytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(stateBytes);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri.toString());
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", Pkce.METHOD);
        query.put("state", state);
        StringBuilder url = new StringBuilder(environment.authorizeUrl().toString());
        query.forEach((name, value) -> url.append(url.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return new AuthorizationRequest(URI.create(url.toString()), redirectUri, state, pkce.verifier());
    }

    /**
     * Finishes linking from the callback's parameters: checks that {@code returnedState} is the request's, turns an
     * {@code error} into {@link AuthorizationDeniedException}, exchanges the code (with the verifier and the same
     * redirect URI) and saves the organization's tokens in the store.
     *
     * @throws InvalidRequestException     the state does not match (a forged or stale callback) or no code came
     * @throws AuthorizationDeniedException the administrator refused, or HelloAsso reported an error
     * @throws InvalidGrantException        the code is unknown, expired or used, or the verifier does not match
     */
    public OrganizationToken completeAuthorization(AuthorizationRequest pending, String returnedState, String code,
                                                   String error) {
        if (returnedState == null || !MessageDigest.isEqual(pending.state().getBytes(StandardCharsets.UTF_8),
                returnedState.getBytes(StandardCharsets.UTF_8))) {
            throw new InvalidRequestException("state", "does not match the authorization request");
        }
        if (error != null && !error.isBlank()) {
            throw new AuthorizationDeniedException(error);
        }
        if (code == null || code.isBlank()) {
            throw new InvalidRequestException("code", "is required");
        }
        Pkce.fromVerifier(pending.codeVerifier());
        TokenEndpoint.Answer answer = endpoint.request("authorization_code", Map.of(
                "code", code,
                "redirect_uri", pending.redirectUri().toString(),
                "code_verifier", pending.codeVerifier()));
        if (answer.organizationSlug() == null || answer.organizationSlug().isBlank()) {
            throw new HelloAssoException("HelloAsso's token answer to the authorization code had no organization_slug");
        }
        OrganizationToken token = new OrganizationToken(answer.organizationSlug(), answer.accessToken(),
                answer.refreshToken(), answer.expiresAt().minusSeconds(answer.lifetimeSeconds()), answer.expiresAt());
        store.save(token);
        return token;
    }

    /**
     * A client acting for one linked organization: every call uses that organization's token from the store,
     * refreshed when due. Cheap; the same instance is returned for the same slug.
     *
     * @throws OrganizationNotLinkedException on its first call when the store has no token for it
     */
    public HelloAssoClient organization(String organizationSlug) {
        if (organizationSlug == null || organizationSlug.isBlank()) {
            throw new InvalidRequestException("organizationSlug", "is required");
        }
        return organizations.computeIfAbsent(organizationSlug,
                slug -> clientFactory.apply(slug, new OrganizationTokens(slug, endpoint, store)));
    }

    /**
     * The organizations linked to this partner ({@code GET /partners/me/organizations}), oldest link first. HelloAsso
     * cannot count them: totals are -1 and pages follow {@code continuationToken}.
     */
    public Page<LinkedOrganization> linkedOrganizations() {
        Operation operation = Operation.PARTNERS_ORGANIZATIONS;
        return Paging.firstPage(partnerApi, operation, operation.path(), LinkedOrganization.class, query -> query);
    }

    @Override
    public String toString() {
        return "Partner[" + environment.hostRoot() + ", clientId=" + clientId + "]";
    }

    /** HelloAsso's {@code PublicPutApiClientRequest}. */
    record ApiClientDomain(String domain) {
    }
}
