package org.passerelle.gateway.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.passerelle.gateway.config.PublicUrl;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * The payer's CSRF tokens, in a cookie compared with the form's masked copy (not in a session: a payer's form served
 * by one instance is accepted by any other). Over HTTPS the cookie is {@code __Host-XSRF-TOKEN}: browsers accept that
 * name only from this very host, Secure and for the whole site, so a sibling site of the same domain cannot plant one.
 */
final class PayerCsrfTokens implements CsrfTokenRepository {

    static final String HTTPS_COOKIE = "__Host-XSRF-TOKEN";

    private final PublicUrl publicUrl;
    private final CookieCsrfTokenRepository plain = repository("XSRF-TOKEN", false);
    private final CookieCsrfTokenRepository hostOnly = repository(HTTPS_COOKIE, true);

    PayerCsrfTokens(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    private static CookieCsrfTokenRepository repository(String name, boolean secure) {
        CookieCsrfTokenRepository tokens = new CookieCsrfTokenRepository();
        tokens.setCookieName(name);
        tokens.setCookiePath("/");
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax").secure(secure).httpOnly(true));
        return tokens;
    }

    private CookieCsrfTokenRepository current() {
        return publicUrl.isHttps() ? hostOnly : plain;
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return current().generateToken(request);
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        current().saveToken(token, request, response);
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        return current().loadToken(request);
    }
}
