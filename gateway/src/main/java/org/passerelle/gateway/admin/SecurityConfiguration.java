package org.passerelle.gateway.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.web.ClientIp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Three filter chains. {@code /admin/**}: form login, ADMIN for every change and VIEWER for reading, CSRF on every
 * form. {@code /actuator/**}: health public (summary), the rest for ADMIN (HTTP basic) or a Prometheus bearer token.
 * Everything else is public with CSRF on, except HelloAsso's notifications and {@code /api/**}: stateless, no CSRF
 * (the API authenticates its callers itself with API keys).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String LOGIN = "/admin/login";
    static final String METRICS_ROLE = "METRICS";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AdminUsers adminUsers(AdminProperties properties, HelloAssoSettings helloAsso, PasswordEncoder encoder,
            AdminAccounts accounts, PublicUrl publicUrl) {
        return AdminUsers.from(properties, helloAsso, encoder, accounts, publicUrl);
    }

    @Bean
    LoginThrottle loginThrottle(Clock clock, AdminProperties properties) {
        return new LoginThrottle(clock, properties.freeLoginAttempts(), properties.maxLoginDelay());
    }

    @Bean
    @Order(1)
    SecurityFilterChain adminChain(HttpSecurity http, LoginThrottle throttle, AuditLog audit) throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler toWhereItWas = new SavedRequestAwareAuthenticationSuccessHandler();
        toWhereItWas.setDefaultTargetUrl("/admin");
        http.securityMatcher("/admin/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(LOGIN, AdminUsers.FIRST_RUN + "/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/admin/**").hasAnyRole(AdminUsers.ADMIN, AdminUsers.VIEWER)
                        .requestMatchers(HttpMethod.HEAD, "/admin/**").hasAnyRole(AdminUsers.ADMIN, AdminUsers.VIEWER)
                        .anyRequest().hasRole(AdminUsers.ADMIN))
                .formLogin(form -> form.loginPage(LOGIN)
                        .successHandler((request, response, authentication) -> {
                            String ip = ClientIp.of(request);
                            throttle.succeeded(authentication.getName(), ip);
                            audit.record(AuditEvent.success(null, "admin.login").actor(authentication.getName())
                                    .clientIp(ip));
                            toWhereItWas.onAuthenticationSuccess(request, response, authentication);
                        })
                        .failureHandler((request, response, exception) -> {
                            String ip = ClientIp.of(request);
                            String username = bounded(request.getParameter("username"));
                            throttle.failed(username, ip);
                            audit.record(AuditEvent.error(null, "admin.login_failed").actor(username).clientIp(ip)
                                    .message("wrong user name or password"));
                            response.sendRedirect(request.getContextPath() + LOGIN + "?error");
                        }))
                .logout(logout -> logout.logoutUrl("/admin/logout").logoutSuccessUrl(LOGIN + "?logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null) {
                                audit.record(AuditEvent.success(null, "admin.logout").actor(authentication.getName())
                                        .clientIp(ClientIp.of(request)));
                            }
                        }))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens()))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .addFilterBefore(new ThrottleFilter(throttle, audit), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http, AdminProperties properties) throws Exception {
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/prometheus").hasAnyRole(AdminUsers.ADMIN, METRICS_ROLE)
                        .anyRequest().hasRole(AdminUsers.ADMIN))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new MetricsTokenFilter(properties.metricsToken()), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** Machine-to-machine endpoints: no session, no CSRF (HelloAsso cannot send a token; API callers use keys). */
    @Bean
    @Order(3)
    SecurityFilterChain machineChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/helloasso/notifications/**", "/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /** The payer's pages: public, with CSRF on every form (Thymeleaf's th:action adds the token). */
    @Bean
    @Order(4)
    SecurityFilterChain publicChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens()))
                .requestCache(cache -> cache.disable())
                // the gateway's own SecurityHeaders filter sets them; Spring's cache headers would defeat static caching
                .headers(headers -> headers.cacheControl(cache -> cache.disable()));
        return http.build();
    }

    /**
     * CSRF tokens in a cookie (compared with the form's masked copy), not in the session: a payer's form served by one
     * instance is accepted by any other. The same cookie serves the console's forms (whose login session, itself,
     * stays in one instance's memory).
     */
    private static CookieCsrfTokenRepository csrfTokens() {
        CookieCsrfTokenRepository tokens = new CookieCsrfTokenRepository();
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        return tokens;
    }

    private static String bounded(String value) {
        return value == null ? "" : value.length() > 100 ? value.substring(0, 100) : value;
    }

    /** Runs before the login filter on POST /admin/login: an attempt made too early is refused unchecked. */
    private static final class ThrottleFilter extends OncePerRequestFilter {

        private final LoginThrottle throttle;
        private final AuditLog audit;

        ThrottleFilter(LoginThrottle throttle, AuditLog audit) {
            this.throttle = throttle;
            this.audit = audit;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !("POST".equals(request.getMethod()) && LOGIN.equals(request.getServletPath()));
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String username = bounded(request.getParameter("username"));
            String ip = ClientIp.of(request);
            Duration wait = throttle.waitBefore(username, ip);
            if (!wait.isZero()) {
                audit.record(AuditEvent.error(null, "admin.login_throttled").actor(username).clientIp(ip)
                        .message("Too many failed logins: attempt refused unchecked, " + wait.toSeconds() + " s to wait"));
                response.sendRedirect(request.getContextPath() + LOGIN + "?slow");
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** {@code Authorization: Bearer <passerelle.admin.metrics-token>} gives the METRICS role (Prometheus scrapes). */
    private static final class MetricsTokenFilter extends OncePerRequestFilter {

        private final byte[] token;

        MetricsTokenFilter(String token) {
            this.token = token.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (token.length > 0 && header != null && header.startsWith("Bearer ")
                    && MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("prometheus", null,
                        List.of(new SimpleGrantedAuthority("ROLE_" + METRICS_ROLE))));
                SecurityContextHolder.setContext(context);
            }
            chain.doFilter(request, response);
        }
    }
}
