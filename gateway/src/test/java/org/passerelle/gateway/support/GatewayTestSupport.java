package org.passerelle.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.HelloAssoConfiguration.EmulatorHolder;
import org.passerelle.gateway.fulfilment.FulfilmentOutbox;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.helloasso.emulator.HelloAssoEmulator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running gateway (random port, in-memory H2) with its in-process emulator (random port), shared by every
 * Spring test class that extends this: same configuration, so one application context. A class that needs other
 * settings gets a context of its own, with a database of its own ({@link DatabasePerContext}). Before each class the
 * clock is back to the machine's time and earlier classes' queued work is set aside ({@link FreshStartPerTestClass}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // a database of its own for each context (DatabasePerContext names it)
        "spring.datasource.url=jdbc:h2:mem:${" + DatabasePerContext.PROPERTY + "};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "passerelle.emulator.port=0",
        // a second association on the same emulator, for partner mode (organization.OrganizationsIT)
        "passerelle.emulator.other-organizations[0]=" + GatewayTestSupport.OTHER_ORGANIZATION,
        "passerelle.fulfilment.first-retry-delay=1s",
        "passerelle.fulfilment.max-retry-delay=2s",
        "passerelle.fulfilment.sweep-interval=500ms",
        // no background reconciliation in the shared context: tests run cycles and follow-ups themselves
        "db-scheduler.enabled=false",
        "passerelle.notifications.sweep-interval=500ms",
        "passerelle.live-status.poll-interval=200ms",
        "passerelle.admin.username=" + GatewayTestSupport.ADMIN,
        "passerelle.admin.password=" + GatewayTestSupport.ADMIN_PASSWORD,
        "passerelle.admin.viewers[0].username=" + GatewayTestSupport.VIEWER,
        "passerelle.admin.viewers[0].password=" + GatewayTestSupport.VIEWER_PASSWORD,
        // a console user of the linked association only (issue 18)
        "passerelle.admin.users[0].username=" + GatewayTestSupport.ASSOCIATION_ADMIN,
        "passerelle.admin.users[0].password=" + GatewayTestSupport.ASSOCIATION_ADMIN_PASSWORD,
        "passerelle.admin.users[0].admin-of[0]=" + GatewayTestSupport.OTHER_ORGANIZATION,
        "passerelle.admin.metrics-token=" + GatewayTestSupport.METRICS_TOKEN,
        "passerelle.api.keys=" + GatewayTestSupport.CONFIGURED_API_KEY,
        "passerelle.refunds.moodle-unenrol=true",
        "passerelle.webhooks.sweep-interval=300ms",
        "passerelle.webhooks.request-timeout=2s",
        // the spec validator (helloasso-contract) says at INFO, for every request, that it does not check OAuth2
        "logging.level.com.atlassian.oai.validator=warn",
        // every test class shares this gateway from one address: the limits' own defaults are tested in LimitsIT
        "passerelle.limits.helloasso-calls-per-order=1000",
        "passerelle.limits.payer-actions-per-address=100000",
        "passerelle.limits.orders-per-address=100000",
        "passerelle.limits.audit-failures-per-address=100000",
        "passerelle.limits.audit-anonymous-failures=100000",
})
@Import(GatewayTestSupport.TestBeans.class)
public abstract class GatewayTestSupport {

    /** The Moodle site of the shared gateway (a double following what a real Moodle 4.5 answered). */
    public static final MoodleDouble MOODLE = MoodleDouble.start();

    @DynamicPropertySource
    static void moodle(DynamicPropertyRegistry registry) {
        registry.add("passerelle.moodle.url", MOODLE::url);
        registry.add("passerelle.moodle.token", () -> MoodleDouble.TOKEN);
        registry.add("passerelle.moodle.create-users", () -> "true");
        registry.add("passerelle.moodle.enrolment-period", () -> "365d");
        registry.add("passerelle.moodle.sweep-interval", () -> "300ms");
    }

    /** A second association the emulator serves, which the console can link in partner mode. */
    public static final String OTHER_ORGANIZATION = "club-voisin";

    /** The API key given in the configuration of the shared gateway. */
    public static final String CONFIGURED_API_KEY = "test-configured-key-0123456789";

    @TestConfiguration(proxyBeanMethods = false)
    public static class TestBeans {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }

        @Bean
        CountingFulfilmentHandler countingFulfilmentHandler() {
            return new CountingFulfilmentHandler();
        }

        @Bean
        FirstRequestProbe firstRequestProbe() {
            return new FirstRequestProbe();
        }

        @Bean
        ControllerCalls controllerCalls() {
            return new ControllerCalls();
        }
    }

    /** An API route that fails unexpectedly, to see what a host gets from a bug. */
    @org.springframework.web.bind.annotation.RestController
    @org.passerelle.gateway.api.ApiEndpoint
    public static class FailingApiController {

        @org.springframework.web.bind.annotation.GetMapping("/api/v1/test/boom")
        String boom() {
            throw new IllegalStateException("secret internal detail");
        }
    }

    /** A route that fails unexpectedly, to see what the payer gets from a bug (registered as a member class). */
    @org.springframework.web.bind.annotation.RestController
    public static class FailingController {

        @org.springframework.web.bind.annotation.GetMapping("/test/boom")
        String boom() {
            throw new IllegalStateException("secret internal detail");
        }
    }

    public static final String ADMIN = "tresoriere";
    public static final String ADMIN_PASSWORD = "admin-password-7f3c9e1b";
    /** ADMIN of the linked association {@link #OTHER_ORGANIZATION} only (passerelle.admin.users). */
    public static final String ASSOCIATION_ADMIN = "tresorier-voisin";
    public static final String ASSOCIATION_ADMIN_PASSWORD = "association-password-3e8b1f0a";
    public static final String VIEWER = "lecteur";
    public static final String VIEWER_PASSWORD = "viewer-password-5d2a8c4e";
    public static final String METRICS_TOKEN = "metrics-token-0123456789abcdef0123456789";

    /** Hands a browser the session's CSRF token (what any form page carries), for tests that post directly. */
    @org.springframework.web.bind.annotation.RestController
    public static class CsrfTokenController {

        @org.springframework.web.bind.annotation.GetMapping(value = "/test/csrf", produces = "text/html")
        String token(org.springframework.security.web.csrf.CsrfToken token) {
            return "<input type=\"hidden\" name=\"_csrf\" value=\"" + token.getToken() + "\">";
        }
    }

    private static final Pattern ORDER_PATH = Pattern.compile("/pay/([0-9a-f-]{36})\\?t=([A-Za-z0-9_-]+)");

    @LocalServerPort
    protected int port;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected EmulatorHolder emulatorHolder;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected OrderRepository orders;
    @Autowired
    protected FulfilmentOutbox outbox;
    @Autowired
    protected AuditLog audit;
    @Autowired
    protected CountingFulfilmentHandler counting;

    /** Every exchange with the emulated HelloAsso is held to HelloAsso's OpenAPI spec (helloasso-contract). */
    @org.junit.jupiter.api.BeforeEach
    void checkHelloAssoExchanges() {
        if (heldToHelloAssoSpec()) {
            HelloAssoContractCheck.watch(emulator());
        } else {
            HelloAssoContractCheck.unwatch(emulator());
        }
    }

    /** Benchmarks say no: they measure the gateway, not the spec check. */
    protected boolean heldToHelloAssoSpec() {
        return true;
    }

    @org.junit.jupiter.api.AfterEach
    void helloAssoExchangesFollowedTheSpec() {
        HelloAssoContractCheck.assertFollowedTheSpec();
    }

    @org.junit.jupiter.api.AfterAll
    static void helloAssoContractSummary() {
        System.out.println(HelloAssoContractCheck.CONTRACT.summary());
    }

    /** Moodle's clock is the gateway's, which tests move forward (an enrolment is active by Moodle's time). */
    @org.junit.jupiter.api.BeforeEach
    void moodleFollowsTheGatewayClock() {
        MOODLE.clock(() -> clock.instant().getEpochSecond());
    }

    protected HelloAssoEmulator emulator() {
        return emulatorHolder.emulator();
    }

    protected Browser browser() {
        return new Browser(URI.create("http://localhost:" + port));
    }

    /** A browser logged in to the admin console. */
    protected Browser admin(String username, String password) {
        Browser browser = browser();
        Browser.Page login = browser.get("/admin/login");
        assertThat(login.status()).isEqualTo(200);
        Browser.Page done = browser.post("/admin/login", Browser.form("username", username, "password", password));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(done.location()).as("logged in").doesNotContain("error").doesNotContain("slow");
        browser.forgetCsrf();
        return browser;
    }

    /** An order placed through the offer form: its id and access token, read from the 303 to /pay. */
    public record Placed(String orderId, String token, URI payUrl) {
    }

    protected Placed placeOrder(Browser browser, String offerId, String... extraFields) {
        return placeOrderAt(browser, "/offers/" + offerId, extraFields);
    }

    /** The same on the offer's page at {@code offerPath} (e.g. an association's, /o/{slug}/offers/{id}). */
    protected Placed placeOrderAt(Browser browser, String offerPath, String... extraFields) {
        var form = Browser.form("firstName", "Marie", "lastName", "Curie", "email", "marie.curie@example.org",
                "country", "FRA", "birthDate", "1990-05-17");
        for (int i = 0; i < extraFields.length; i += 2) {
            form.put(extraFields[i], extraFields[i + 1]);
        }
        Browser.Page created = browser.post(offerPath, form);
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        Matcher matcher = ORDER_PATH.matcher(created.location());
        assertThat(matcher.find()).as(created.location()).isTrue();
        return new Placed(matcher.group(1), matcher.group(2), created.next());
    }

    /** GET /pay → 303 to the emulated HelloAsso page. */
    protected URI goToHelloAsso(Browser browser, Placed order) {
        Browser.Page pay = browser.get(order.payUrl());
        assertThat(pay.status()).as(pay.body()).isEqualTo(303);
        URI hosted = pay.next();
        assertThat(hosted.getPort()).as("the emulator").isEqualTo(emulator().port());
        return hosted;
    }

    /** Submits the card on the emulated page: returns HelloAsso's 303 back to the gateway. */
    protected Browser.Page payOnHelloAsso(Browser browser, URI hosted, String cardNumber) {
        Browser.Page page = browser.get(hosted);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Browser.Page answer = browser.post(hosted, Browser.form("firstName", "Marie", "lastName", "Curie",
                "email", "marie.curie@example.org", "cardNumber", cardNumber));
        assertThat(answer.status()).as(answer.body()).isEqualTo(303);
        return answer;
    }

    /**
     * Links {@link #OTHER_ORGANIZATION} in partner mode as an admin does from the console (the emulator's consent page
     * approving it); linking it again, as each test class may, only renews its token.
     */
    protected void linkOtherOrganization() {
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        admin.get("/admin/organizations");
        Browser.Page started = admin.post("/admin/organizations/link", java.util.Map.of());
        assertThat(started.status()).as(started.body()).isEqualTo(303);
        URI callback = emulator().control().approveAuthorization(started.next(), OTHER_ORGANIZATION);
        Browser.Page back = admin.get(callback);
        assertThat(back.status()).as(back.body()).isEqualTo(303);
        assertThat(jdbc.sql("SELECT connection_type FROM organizations WHERE slug = :slug")
                .param("slug", OTHER_ORGANIZATION).query(String.class).single()).isEqualTo("PARTNER");
    }

    protected Order order(String id) {
        return orders.find(id).orElseThrow();
    }

    protected List<AuditEvent> events(String orderId) {
        return audit.forOrder(orderId);
    }

    protected int deliveries(String orderId) {
        return jdbc.sql("SELECT COUNT(*) FROM fulfilment_deliveries WHERE order_id = :id").param("id", orderId)
                .query(Integer.class).single();
    }
}
