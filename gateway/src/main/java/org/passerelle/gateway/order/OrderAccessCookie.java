package org.passerelle.gateway.order;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * Lets the payer's browser reach its order page after HelloAsso sends it back: the return URL carries no secret, so
 * the access token travels in an HttpOnly, SameSite=Lax cookie scoped to that order's path.
 */
public final class OrderAccessCookie {

    static final String NAME = "passerelle-order";

    private OrderAccessCookie() {
    }

    public static void set(HttpServletResponse response, String orderId, String token, boolean secure) {
        ResponseCookie cookie = ResponseCookie.from(NAME, token)
                .path("/orders/" + orderId)
                .httpOnly(true)
                .secure(secure)
                .sameSite("Lax")
                .maxAge(Duration.ofDays(30))
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }

    /** The token from {@code ?t=} (or a form field), else from the cookie. */
    public static String token(HttpServletRequest request) {
        String token = request.getParameter("t");
        if (token != null && !token.isEmpty()) {
            return token;
        }
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (NAME.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }
}
