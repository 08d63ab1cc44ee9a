package org.passerelle.gateway.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.console.ConsoleAccess;
import org.passerelle.gateway.console.ConsoleScope;
import org.passerelle.gateway.web.ApiPaths;
import org.passerelle.gateway.web.ClientIp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The filter chains, most specific first. {@code /admin/**}: form login, ADMIN for every change and VIEWER for
 * reading (each controller then checks the organization concerned, {@link ConsoleAccess}), the installation's own
 * pages for the super-admin ({@link #INSTALLATION_PAGES}, {@link #USERS_PAGES}), CSRF tokens kept in the admin's
 * session, the user's scope read again at each request ({@link CurrentScopeFilter}).
 * {@code /actuator/**}: health public (summary), the rest for a super-admin (HTTP basic) or a Prometheus bearer token. {@code /api/**} ({@code api.ApiSecurityConfiguration}, order 3): API
 * keys. HelloAsso's notifications: stateless, no CSRF. Everything else (the payer's pages) is public with CSRF on,
 * its token in a cookie so that any instance accepts a form another served. Every password check (form and basic)
 * goes through the login slowdown ({@link ThrottledLogins}). A request the firewall rejects (encoded slashes, "//",
 * "..", ";" in the path) gets a 404 problem under /api and a 400 page elsewhere, logged once.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String LOGIN = "/admin/login";
    static final String METRICS_ROLE = "METRICS";
    /**
     * What belongs to the installation rather than to one organization (issue 18): the associations and their
     * linking, going live with the configured account, settings, HelloAsso's notifications as received (their bodies
     * may name any organization). Moodle is per association: its controller checks the association concerned.
     */
    static final String[] INSTALLATION_PAGES = {"/admin/organizations", "/admin/organizations/**",
            "/admin/going-live", "/admin/going-live/**", "/admin/connection/**", "/admin/settings",
            "/admin/settings/**", "/admin/notifications", "/admin/notifications/**"};

    /** The console's users and their roles (issue 18): a super-admin's pages, reading included. */
    static final String[] USERS_PAGES = {"/admin/users", "/admin/users/**"};

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
        return new LoginThrottle(clock, properties.freeLoginAttempts(), properties.freeLoginAttemptsPerAddress(),
                properties.maxLoginDelay());
    }

    /** The one password check of the application, behind the login slowdown. */
    @Bean
    AuthenticationProvider throttledLogins(AdminUsers users, PasswordEncoder encoder, LoginThrottle throttle) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(encoder);
        return new ThrottledLogins(passwords, throttle);
    }

    /**
     * No Micrometer observation around each security filter, authentication and authorization: nothing reads them
     * (the request's own {@code http.server.requests} metric stays), and they cost about 5 % of an API request's CPU
     * (issue 13).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** A path the firewall refuses never reaches a controller: 404 problem for the API, 400 page elsewhere. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, rejected) -> response.sendError(
                ApiPaths.isApi(request) ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_BAD_REQUEST);
    }

    @Bean
    @Order(1)
    SecurityFilterChain adminChain(HttpSecurity http, AuditLog audit, AdminUsers users) throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler toWhereItWas = new SavedRequestAwareAuthenticationSuccessHandler();
        toWhereItWas.setDefaultTargetUrl("/admin");
        http.securityMatcher("/admin/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(LOGIN, AdminUsers.FIRST_RUN + "/**").permitAll()
                        // linking an association (partner mode) changes things although HelloAsso comes back by GET
                        .requestMatchers("/admin/organizations/callback").hasRole(ConsoleScope.SUPER_ADMIN)
                        // who may use the console, and how: the super-admin's alone, even to look at
                        .requestMatchers(USERS_PAGES).hasRole(ConsoleScope.SUPER_ADMIN)
                        // the installation's own pages: seen by users of every organization, changed by a super-admin
                        .requestMatchers(HttpMethod.GET, INSTALLATION_PAGES).hasRole(ConsoleScope.ALL_ORGANIZATIONS)
                        .requestMatchers(HttpMethod.HEAD, INSTALLATION_PAGES).hasRole(ConsoleScope.ALL_ORGANIZATIONS)
                        .requestMatchers(INSTALLATION_PAGES).hasRole(ConsoleScope.SUPER_ADMIN)
                        .requestMatchers("/admin/reconciliation/run").hasRole(ConsoleScope.SUPER_ADMIN)
                        .requestMatchers(HttpMethod.GET, "/admin/**").hasAnyRole(ConsoleScope.ADMIN, ConsoleScope.VIEWER)
                        .requestMatchers(HttpMethod.HEAD, "/admin/**").hasAnyRole(ConsoleScope.ADMIN, ConsoleScope.VIEWER)
                        .anyRequest().hasRole(ConsoleScope.ADMIN))
                .formLogin(form -> form.loginPage(LOGIN)
                        .successHandler((request, response, authentication) -> {
                            audit.record(AuditEvent.success(null, AuditAction.ADMIN_LOGIN).actor(authentication.getName())
                                    .clientIp(ClientIp.of(request)));
                            toWhereItWas.onAuthenticationSuccess(request, response, authentication);
                        })
                        .failureHandler((request, response, exception) -> {
                            String username = bounded(LoginThrottle.canonical(request.getParameter("username")));
                            if (exception instanceof ThrottledLogins.TooEarly early) {
                                audit.record(AuditEvent.error(null, AuditAction.ADMIN_LOGIN_THROTTLED).actor(username)
                                        .clientIp(ClientIp.of(request)).message("Too many failed logins: attempt refused"
                                                + " unchecked, " + early.waitFor().toSeconds() + " s to wait"));
                                response.sendRedirect(request.getContextPath() + LOGIN + "?slow");
                                return;
                            }
                            audit.record(AuditEvent.error(null, AuditAction.ADMIN_LOGIN_FAILED).actor(username)
                                    .clientIp(ClientIp.of(request)).message("wrong user name or password"));
                            response.sendRedirect(request.getContextPath() + LOGIN + "?error");
                        }))
                .logout(logout -> logout.logoutUrl("/admin/logout").logoutSuccessUrl(LOGIN + "?logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null) {
                                audit.record(AuditEvent.success(null, AuditAction.ADMIN_LOGOUT).actor(authentication.getName())
                                        .clientIp(ClientIp.of(request)));
                            }
                        }))
                // bound to the admin's session: a token cookie planted by a sibling site proves nothing here
                .csrf(csrf -> csrf.csrfTokenRepository(new HttpSessionCsrfTokenRepository()))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, denied) -> {
                    if (denied instanceof CsrfException && request.getSession(false) == null) {
                        // no session (expired, or another instance's): log in again rather than a bare 403
                        response.sendRedirect(request.getContextPath() + LOGIN);
                    } else {
                        response.sendError(HttpServletResponse.SC_FORBIDDEN);
                    }
                }))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                // the scope as it stands now, not as it stood at login
                .addFilterAfter(new CurrentScopeFilter(users), SecurityContextHolderFilter.class);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http, AdminProperties properties) throws Exception {
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/prometheus").hasAnyRole(ConsoleScope.SUPER_ADMIN, METRICS_ROLE)
                        .anyRequest().hasRole(ConsoleScope.SUPER_ADMIN))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new MetricsTokenFilter(properties.metricsToken()), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** HelloAsso's notifications: no session, no CSRF (HelloAsso cannot send a token; the URL key is the secret). */
    @Bean
    @Order(4)
    SecurityFilterChain notificationChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/helloasso/notifications/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /** The payer's pages: public, with CSRF on every form (Thymeleaf's th:action adds the token). */
    @Bean
    @Order(5)
    SecurityFilterChain publicChain(HttpSecurity http, PublicUrl publicUrl) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.csrfTokenRepository(new PayerCsrfTokens(publicUrl)))
                .requestCache(cache -> cache.disable())
                // the gateway's own SecurityHeaders filter sets them; Spring's cache headers would defeat static caching
                .headers(headers -> headers.cacheControl(cache -> cache.disable()));
        return http.build();
    }

    private static String bounded(String value) {
        return value == null ? "" : value.length() > 100 ? value.substring(0, 100) : value;
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
