package org.passerelle.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * An API caller in Spring Security's terms: before authentication it holds the bearer secret read from the request,
 * after it the {@link ApiKeys.ApiKey} that secret belongs to. Built and checked by {@link ApiSecurityConfiguration}.
 */
public final class ApiAuthentication extends AbstractAuthenticationToken {

    static final String ROLE = "ROLE_API";

    private final transient String secret;
    private final ApiKeys.ApiKey key;

    private ApiAuthentication(String secret, ApiKeys.ApiKey key) {
        super(key == null ? List.of() : List.of(new SimpleGrantedAuthority(ROLE)));
        this.secret = secret;
        this.key = key;
        setAuthenticated(key != null);
    }

    static ApiAuthentication unauthenticated(String secret) {
        return new ApiAuthentication(secret, null);
    }

    static ApiAuthentication authenticated(ApiKeys.ApiKey key) {
        return new ApiAuthentication(null, key);
    }

    /**
     * The API key that authenticated this request. Spring Security lets no unauthenticated request reach an API
     * controller; should one ever do, it gets a 401 problem, never someone else's data.
     */
    public static ApiKeys.ApiKey current(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof ApiAuthentication api && api.key != null && api.isAuthenticated()) {
            return api.key;
        }
        throw new ApiProblemException(HttpStatus.UNAUTHORIZED, "unauthorized");
    }

    /** The secret of an {@code Authorization: Bearer <secret>} header; null when there is none. */
    static String bearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    String secret() {
        return secret;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public ApiKeys.ApiKey getPrincipal() {
        return key;
    }

    @Override
    public String getName() {
        return key == null ? "" : "API key " + key.prefix();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiAuthentication that && super.equals(that) && java.util.Objects.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + java.util.Objects.hashCode(key);
    }
}
