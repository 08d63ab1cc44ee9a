package org.passerelle.gateway.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.passerelle.gateway.web.ApiPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /api/**} is authenticated inside Spring Security's own filter chain, on the path as Spring routes it
 * ({@link ApiPaths}: decoded, matrix parameters dropped, any letter case): an {@code Authorization: Bearer <api key>}
 * header becomes an {@link ApiAuthentication}, checked against {@link ApiKeys}; every route but the OpenAPI
 * description needs one. Refusals are 401 problems. Bodies larger than {@code passerelle.api.max-body-size} are a 413
 * problem before anything reads them. Stateless: no session, no CSRF (API callers use keys, not cookies).
 */
@Configuration(proxyBeanMethods = false)
public class ApiSecurityConfiguration {

    /** After the admin console's and the actuator's chains, before the catch-all public one. */
    public static final int ORDER = 3;

    static final String OPENAPI_PATH = "/api/v1/openapi.yaml";

    @Bean
    @Order(ORDER)
    SecurityFilterChain apiChain(HttpSecurity http, ApiKeys keys, ApiProblems problems, ApiProperties properties)
            throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"passerelle\"");
            problems.write(response, request, new ApiProblemException(HttpStatus.UNAUTHORIZED, "unauthorized"));
        };
        AuthenticationManager manager = authentication -> keys
                .authenticate(((ApiAuthentication) authentication).secret())
                .map(ApiAuthentication::authenticated)
                .orElseThrow(() -> new BadCredentialsException("unknown or revoked API key"));
        AuthenticationFilter bearer = new AuthenticationFilter(manager, request -> {
            String secret = ApiAuthentication.bearer(request);
            return secret == null ? null : ApiAuthentication.unauthenticated(secret);
        });
        bearer.setSuccessHandler((request, response, authentication) -> {
            // nothing to do: the chain goes on to the controller
        });
        bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthorized));

        RequestMatcher api = ApiPaths::isApi;
        RequestMatcher openApi = request -> OPENAPI_PATH.equals(request.getRequestURI().substring(request.getContextPath().length()));
        http.securityMatcher(api)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(openApi).permitAll()
                        .anyRequest().authenticated())
                .addFilterBefore(bearer, AuthorizationFilter.class)
                .addFilterBefore(new BodyLimit(properties.maxBodySize().toBytes(), problems), AuthorizationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler((request, response, e) ->
                                problems.write(response, request, new ApiProblemException(HttpStatus.FORBIDDEN, "forbidden"))))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /** The body may be at most this long: a declared length above it is refused at once, a longer stream mid-way. */
    static final class BodyLimit extends OncePerRequestFilter {

        private final long max;
        private final ApiProblems problems;

        BodyLimit(long max, ApiProblems problems) {
            this.max = max;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getContentLengthLong() > max) {
                problems.write(response, request, tooLarge(max));
                return;
            }
            chain.doFilter(new HttpServletRequestWrapper(request) {
                private ServletInputStream bounded;

                @Override
                public ServletInputStream getInputStream() throws IOException {
                    if (bounded == null) {
                        bounded = new Bounded(super.getInputStream(), max);
                    }
                    return bounded;
                }
            }, response);
        }

        static ApiProblemException tooLarge(long max) {
            return new ApiProblemException(HttpStatus.CONTENT_TOO_LARGE, "too_large", max);
        }
    }

    /** Raised while reading a body longer than allowed; {@link ApiProblems} answers it with a 413. */
    static final class BodyTooLargeException extends IOException {
        final long max;

        BodyTooLargeException(long max) {
            super("request body longer than " + max + " bytes");
            this.max = max;
        }
    }

    private static final class Bounded extends ServletInputStream {

        private final ServletInputStream in;
        private final long max;
        private long read;

        Bounded(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max) {
                throw new BodyTooLargeException(max);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }

    /** For {@link ApiProblems}: is this failure, somewhere in its causes, a body too large? */
    static BodyTooLargeException tooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
