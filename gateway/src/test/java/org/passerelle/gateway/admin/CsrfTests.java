package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * CSRF as a sibling site would try it: the console's tokens live in the admin's session, so a token cookie planted on
 * the domain, and a form carrying the same value, do nothing; the payer's cookie token is a __Host- cookie over
 * HTTPS, which no other host can set.
 */
class CsrfTests extends GatewayTestSupport {

    private static final String PLANTED = "planted-by-a-sibling-site-0123456789";

    private long reconciliationsAskedBy(String actor) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE actor = :actor AND action LIKE 'reconcile%'")
                .param("actor", actor).query(Long.class).single();
    }

    @Test
    void aTokenCookiePlantedBySiblingSiteIsNotEnoughInTheConsole() {
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        long before = reconciliationsAskedBy(ADMIN);
        for (String cookie : new String[] {"XSRF-TOKEN", "__Host-XSRF-TOKEN"}) {
            admin.plantCookie(cookie, PLANTED);
            Browser.Page forged = admin.postWithoutCsrf("/admin/reconciliation/run", Map.of("_csrf", PLANTED));
            assertThat(forged.status()).as(cookie).isEqualTo(403);
        }
        assertThat(reconciliationsAskedBy(ADMIN)).as("nothing done").isEqualTo(before);
        // the session's own token, from a console page, still works
        assertThat(admin.post("/admin/reconciliation/run", Map.of()).status()).isEqualTo(303);
    }

    @Test
    void theConsoleTokenOfOneSessionIsWorthNothingInAnother() {
        Browser first = admin(ADMIN, ADMIN_PASSWORD);
        Browser second = admin(ADMIN, ADMIN_PASSWORD);
        String token = first.adminCsrfToken();
        assertThat(second.postWithoutCsrf("/admin/reconciliation/run", Map.of("_csrf", token)).status()).isEqualTo(403);
    }

    @Test
    void overHttpsThePayersTokenIsAHostOnlySecureCookie() {
        PublicUrl https = Mockito.mock(PublicUrl.class);
        Mockito.when(https.isHttps()).thenReturn(true);
        PayerCsrfTokens tokens = new PayerCsrfTokens(https);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/offers/atelier-initiation");
        MockHttpServletResponse response = new MockHttpServletResponse();
        tokens.saveToken(tokens.generateToken(request), request, response);
        String cookie = response.getHeader("Set-Cookie");
        assertThat(cookie).startsWith(PayerCsrfTokens.HTTPS_COOKIE + "=").contains("Path=/").contains("Secure")
                .contains("HttpOnly").doesNotContain("Domain=");

        // a plain XSRF-TOKEN cookie (which a sibling site could set) is not even read
        MockHttpServletRequest planted = new MockHttpServletRequest("POST", "/offers/atelier-initiation");
        planted.setCookies(new jakarta.servlet.http.Cookie("XSRF-TOKEN", PLANTED));
        assertThat(tokens.loadToken(planted)).isNull();
    }
}
