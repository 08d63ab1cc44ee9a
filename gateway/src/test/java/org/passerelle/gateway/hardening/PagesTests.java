package org.passerelle.gateway.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.web.SecurityHeaders;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every page carries a Content-Security-Policy that runs only Passerelle's own script files, and no template holds an
 * inline script, event handler or inline style that it would block; error pages are 4xx pages, never a 500.
 */
class PagesTests extends GatewayTestSupport {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("(?is)<script(?![^>]*\\bth:src=|[^>]*\\bsrc=)[^>]*>");
    private static final Pattern EVENT_HANDLER = Pattern.compile("(?i)\\s(th:)?on[a-z]+\\s*=");
    private static final Pattern INLINE_STYLE = Pattern.compile("(?i)\\s(th:)?style\\s*=|<style");

    @Test
    void noTemplateHoldsAnInlineScriptAnEventHandlerAnInlineStyleOrAnHtmlComment() throws IOException {
        Resource[] templates = new PathMatchingResourcePatternResolver().getResources("classpath*:templates/**/*.html");
        assertThat(templates).hasSizeGreaterThan(20);
        for (Resource template : templates) {
            String html = template.getContentAsString(StandardCharsets.UTF_8);
            assertThat(INLINE_SCRIPT.matcher(html).find()).as(template.getFilename() + ": inline script").isFalse();
            assertThat(EVENT_HANDLER.matcher(html).find()).as(template.getFilename() + ": event handler").isFalse();
            assertThat(INLINE_STYLE.matcher(html).find()).as(template.getFilename() + ": inline style").isFalse();
            assertThat(html).as(template.getFilename()).doesNotContainIgnoringCase("javascript:");
            // a note for developers is a parser-level comment (<!--/* … */-->): an HTML comment reaches the browser
            assertThat(html).as(template.getFilename() + ": HTML comment").doesNotContainPattern("<!--(?!/\\*)");
        }
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).contains("script-src 'self'", "object-src 'none'",
                "base-uri 'none'", "frame-ancestors 'none'").doesNotContain("unsafe");
    }

    @Test
    void everyPageCarriesThePolicy() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        List<Browser.Page> pages = List.of(payer.get("/"), payer.get("/offers/atelier-initiation"),
                payer.get("/orders/" + placed.orderId() + "?t=" + placed.token()), payer.get("/nowhere"),
                payer.get("/helloasso/return?s=forged"), payer.post("/offers/atelier-initiation", Map.of()),
                payer.get("/error"), admin.get("/admin"), admin.get("/admin/orders"), admin.get("/admin/api-keys"),
                browser().get("/admin/login"), payer.get("/css/passerelle.css"), payer.get("/js/order-status.js"),
                payer.get("/api/v1/orders"));
        for (Browser.Page page : pages) {
            assertThat(page.response().headers().firstValue("Content-Security-Policy")).as(page.uri().toString())
                    .contains(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(page.status()).as(page.uri().toString()).isLessThan(500);
        }
    }

    @Test
    void theErrorPageAskedForDirectlyIsANotFoundPageWhateverTheMethod() {
        Browser visitor = browser();
        Browser.Page get = visitor.get("/error");
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.body()).contains("Page introuvable");
        assertThat(visitor.get("/error?status=500").status()).isEqualTo(404);
        assertThat(visitor.post("/error", Map.of()).status()).isEqualTo(404);
        assertThat(visitor.get("/error/").status()).isIn(400, 404);
    }

    @Test
    void everyErrorIsTheOneErrorPageWithWordsForItsStatus() {
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        Browser.Page notFound = browser().get("/nowhere");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.body()).contains("<title>Page introuvable").contains("Cette page n&#39;existe pas")
                .contains("Retour à l&#39;accueil");
        assertThat(browser().language("en").get("/nowhere").body()).contains("Page not found");
        Browser.Page invalid = admin.get("/admin/orders/export?status=BOGUS");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("Requête invalide").contains("Les informations envoyées ne sont pas valides");
        Browser.Page refused = browser().postWithoutCsrf("/offers/atelier-initiation", Map.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("Une erreur est survenue").contains("Revenez à l&#39;accueil et réessayez")
                .doesNotContain("??");
    }
}
