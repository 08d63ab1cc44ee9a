package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route the application maps is looked at, so that a new one cannot slip through: admin routes refuse
 * anonymous visitors (to the login page) and VIEWERs for changes, API routes refuse anonymous callers (but the
 * OpenAPI description), and any other route must be one of the known public pages. Plus CSRF, the login slowdown
 * and the actuator's protection.
 */
class AdminSecurityTests extends GatewayTestSupport {

    /** The payer's pages, HelloAsso's notifications, errors and test-only routes: public on purpose. */
    private static final List<Pattern> PUBLIC = List.of(
            Pattern.compile("/"),
            Pattern.compile("/offers/\\{[^}]+}"),
            // an association's own offer pages (issue 18)
            Pattern.compile("/o/\\{slug}/?"),
            Pattern.compile("/o/\\{slug}/offers/\\{[^}]+}"),
            Pattern.compile("/pay/\\{[^}]+}"),
            Pattern.compile("/checkout/.*"),
            Pattern.compile("/orders/\\{[^}]+}(/.*)?"),
            Pattern.compile("/helloasso/notifications/\\{[^}]+}"),
            Pattern.compile("/helloasso/(return|back|error)"),
            Pattern.compile("/error"),
            Pattern.compile("/test/.*"),
            Pattern.compile(SecurityConfiguration.LOGIN));

    private static final String SOME_ID = "00000000-0000-4000-8000-000000000000";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    LoginThrottle throttle;

    record Route(RequestMethod method, String pattern) {

        String path() {
            return pattern.replaceAll("\\{id}", SOME_ID).replaceAll("\\{[^}]+}", "1");
        }
    }

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    routes.add(new Route(RequestMethod.GET, pattern));
                    routes.add(new Route(RequestMethod.POST, pattern));
                }
                methods.forEach(method -> routes.add(new Route(method, pattern)));
            }
        }
        return routes;
    }

    private Browser.Page call(Browser browser, Route route) {
        return route.method() == RequestMethod.GET ? browser.get(route.path()) : browser.post(route.path(), Map.of());
    }

    @Test
    void everyRouteIsAdminApiOrKnownPublic() {
        List<Route> routes = routes();
        assertThat(routes).extracting(Route::pattern).contains("/admin", "/admin/orders", "/admin/orders/{id}/check");
        for (Route route : routes) {
            boolean known = route.pattern().startsWith("/admin") || route.pattern().startsWith("/api/")
                    || PUBLIC.stream().anyMatch(p -> p.matcher(route.pattern()).matches());
            assertThat(known).as("%s is neither an admin, an API nor a known public route: protect it or list it",
                    route).isTrue();
        }
    }

    /** Admin routes behind the login: all but the login page and the one-time set-up link's page. */
    private static boolean behindLogin(Route route) {
        return route.pattern().startsWith("/admin") && !route.pattern().equals(SecurityConfiguration.LOGIN)
                && !route.pattern().startsWith(AdminUsers.FIRST_RUN);
    }

    @Test
    void theSetUpLinksPageIsOpenButUselessOnceAnAdminExists() {
        List<Route> setUp = routes().stream().filter(r -> r.pattern().startsWith(AdminUsers.FIRST_RUN)).toList();
        assertThat(setUp).extracting(Route::method).contains(RequestMethod.GET, RequestMethod.POST);
        Browser anonymous = browser();
        assertThat(anonymous.get(AdminUsers.FIRST_RUN + "/anything").status()).isEqualTo(410);
        Browser.Page posted = anonymous.post(AdminUsers.FIRST_RUN + "/anything", Map.of("username", "intrus",
                "password", "a long enough password", "confirmation", "a long enough password"));
        assertThat(posted.status()).isEqualTo(410);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM admin_accounts WHERE username = 'intrus'").query(Long.class)
                .single()).isZero();
    }

    @Test
    void everyAdminRouteSendsAnonymousVisitorsToTheLoginPage() {
        List<Route> admin = routes().stream().filter(AdminSecurityTests::behindLogin).toList();
        assertThat(admin).hasSizeGreaterThan(10);
        for (Route route : admin) {
            Browser anonymous = browser();
            Browser.Page page = call(anonymous, route);
            assertThat(page.status()).as(route.toString()).isEqualTo(302);
            assertThat(page.location()).as(route.toString()).endsWith(SecurityConfiguration.LOGIN);
        }
    }

    /** GET routes that change things (HelloAsso comes back to them by GET): ADMIN only, as the changing POSTs. */
    private static final Set<String> GETS_THAT_CHANGE = Set.of("/admin/organizations/callback");
    /** Pages a viewer of every association does not read either: who may use the console (a super-admin's). */
    private static final Set<String> SUPER_ADMINS_PAGES = Set.of("/admin/users");

    @Test
    void viewersReadEveryAdminPageButChangeNothing() {
        Browser viewer = admin(VIEWER, VIEWER_PASSWORD);
        List<Route> admin = routes().stream().filter(AdminSecurityTests::behindLogin).toList();
        for (Route route : admin) {
            Browser.Page page = call(viewer, route);
            if (route.method() == RequestMethod.GET && !GETS_THAT_CHANGE.contains(route.pattern())
                    && !SUPER_ADMINS_PAGES.contains(route.pattern())) {
                assertThat(page.status()).as(route.toString()).isNotIn(302, 401, 403).isLessThan(500);
            } else if (!route.pattern().equals("/admin/logout")) {
                assertThat(page.status()).as(route.toString()).isEqualTo(403);
            }
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE actor = :viewer AND action NOT LIKE 'admin.log%'")
                .param("viewer", VIEWER).query(Long.class).single()).as("nothing done as a viewer").isZero();
    }

    @Test
    void apiRoutesRefuseAnonymousCallersButTheOpenApiDescription() {
        for (Route route : routes().stream().filter(r -> r.pattern().startsWith("/api/")).toList()) {
            Browser.Page page = call(browser(), route);
            if (route.pattern().contains("openapi")) {
                assertThat(page.status()).as(route.toString()).isEqualTo(200);
            } else {
                assertThat(page.status()).as(route.toString()).isEqualTo(401);
            }
        }
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() {
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        assertThat(admin.postWithoutCsrf("/admin/reconciliation/run", Map.of()).status()).isEqualTo(403);
        assertThat(admin.post("/admin/reconciliation/run", Map.of()).status()).isEqualTo(303);

        Browser payer = browser();
        assertThat(payer.get("/offers/atelier-initiation").body()).contains("name=\"_csrf\"");
        assertThat(payer.postWithoutCsrf("/offers/atelier-initiation", Browser.form("firstName", "Marie",
                "lastName", "Curie", "email", "marie@example.org", "country", "FRA")).status()).isEqualTo(403);
        assertThat(payer.post("/offers/atelier-initiation", Browser.form("firstName", "Marie",
                "lastName", "Curie", "email", "marie@example.org", "country", "FRA")).status()).isEqualTo(303);
    }

    @Test
    void repeatedLoginFailuresSlowTheNextAttemptsDown() {
        String user = VIEWER;
        try {
            slowedDown(user);
        } finally {
            throttle.succeeded(user, "127.0.0.1"); // whatever happened, the other tests log in as this viewer
        }
    }

    private void slowedDown(String user) {
        Browser browser = browser();
        browser.get("/admin/login");
        for (int i = 0; i < 5; i++) {
            Browser.Page failed = browser.post("/admin/login", Browser.form("username", user, "password", "wrong"));
            assertThat(failed.location()).endsWith("/admin/login?error");
        }
        // the right password is not even checked while the delay runs
        Browser.Page refused = browser.post("/admin/login", Browser.form("username", user, "password", VIEWER_PASSWORD));
        assertThat(refused.location()).endsWith("/admin/login?slow");
        assertThat(browser.get("/admin/login?slow").body()).contains("checs de connexion");
        // another user name from the same address is not slowed down
        assertThat(throttle.waitBefore(ADMIN, "127.0.0.1")).isZero();

        clock.advance(Duration.ofSeconds(2));
        Browser.Page accepted = browser.post("/admin/login", Browser.form("username", user, "password", VIEWER_PASSWORD));
        assertThat(accepted.location()).doesNotContain("error").doesNotContain("slow");
        assertThat(throttle.waitBefore(user, "127.0.0.1")).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'admin.login_throttled' AND actor = :u")
                .param("u", user).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void healthIsPublicAndMetricsNeedAnAdminOrTheScrapeToken() throws Exception {
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\"").doesNotContain("components");

        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "Bearer not-the-token").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", basic(VIEWER, VIEWER_PASSWORD)).statusCode()).isEqualTo(403);
        HttpResponse<String> scraped = get("/actuator/prometheus", "Bearer " + METRICS_TOKEN);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("passerelle_orders");
        assertThat(get("/actuator/prometheus", basic(ADMIN, ADMIN_PASSWORD)).statusCode()).isEqualTo(200);

        HttpResponse<String> details = get("/actuator/health", basic(ADMIN, ADMIN_PASSWORD));
        assertThat(details.body()).contains("\"db\"").contains("\"helloasso\"");
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
