package org.passerelle.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On every answer. Page URLs can carry an order's access token ({@code ?t=}): never let it leak to HelloAsso or anyone
 * else through the Referer; keep the pages out of frames; and a Content-Security-Policy that lets a page run only the
 * scripts and styles served by Passerelle itself (no inline script, no inline style, no plug-in, no base change), so
 * that even a value that escaped escaping could not run. {@code form-action} is left out on purpose: the payer's form
 * ends, through redirects, on HelloAsso's page, which browsers would check against it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10) // before Spring Security, whose refusals (401, 403) carry the headers too
public class SecurityHeaders extends OncePerRequestFilter {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        apply(response);
        chain.doFilter(request, response);
    }

    /** Also used where Tomcat answers before any filter (a request line it cannot parse). */
    public static void apply(HttpServletResponse response) {
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
}
