package org.passerelle.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tomcat reads a request's parameters the first time anything asks for one, and throws if they cannot be decoded
 * (bytes that are not UTF-8, broken percent-encoding, too many): wherever that first read happens (the CSRF filter,
 * a controller), it would be a 500. Here they are read first, right after the character encoding is set, and a
 * request whose parameters cannot be read is a 400 (a problem+json under /api), logged once.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class MalformedParameters extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getQueryString() != null || isForm(request)) {
            try {
                request.getParameterNames();
            } catch (InvalidParameterException malformed) {
                int status = malformed.getErrorCode() >= 400 && malformed.getErrorCode() < 500
                        ? malformed.getErrorCode() : HttpServletResponse.SC_BAD_REQUEST;
                response.sendError(status);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
    }
}
