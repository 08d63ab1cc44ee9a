package org.passerelle.gateway.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /api/**} needs {@code Authorization: Bearer <api key>}; anything else is a 401 problem+json. The OpenAPI
 * description is public. The key found is left in a request attribute for the controllers.
 */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {

    static final String ATTRIBUTE = ApiKeyFilter.class.getName() + ".key";
    static final String OPENAPI_PATH = "/api/v1/openapi.yaml";

    private final ApiKeys keys;
    private final ApiProblems problems;

    public ApiKeyFilter(ApiKeys keys, ApiProblems problems) {
        this.keys = keys;
        this.problems = problems;
    }

    /** The authenticated key of this API request. */
    public static ApiKeys.ApiKey current(HttpServletRequest request) {
        return (ApiKeys.ApiKey) request.getAttribute(ATTRIBUTE);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/") || path.equals(OPENAPI_PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<ApiKeys.ApiKey> key = bearer(request.getHeader(HttpHeaders.AUTHORIZATION)).flatMap(keys::authenticate);
        if (key.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"passerelle\"");
            problems.write(response, request, new ApiProblemException(HttpStatus.UNAUTHORIZED, "unauthorized"));
            return;
        }
        request.setAttribute(ATTRIBUTE, key.get());
        chain.doFilter(request, response);
    }

    private static Optional<String> bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }
}
