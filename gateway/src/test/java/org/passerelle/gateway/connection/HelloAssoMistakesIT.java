package org.passerelle.gateway.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.passerelle.gateway.PasserelleApplication;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.support.Browser;
import org.passerelle.helloasso.emulator.EmulatorConfig;
import org.passerelle.helloasso.emulator.HelloAssoEmulator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mistakes a treasurer makes going live, each against HelloAsso's sandbox (played by an emulator over HTTP, in
 * real mode): each gives its message in the start-up log (one line, the setting, what to do), in health, on the
 * console's dashboard and to payers, who are told payments are unavailable, not that HelloAsso is down. A real outage
 * is told apart.
 */
@ExtendWith(OutputCaptureExtension.class)
class HelloAssoMistakesIT {

    static final String SLUG = "les-amis-du-velo";
    static final String CLIENT_ID = "velo-client-id";
    static final String SECRET = "velo-client-secret-0123456789";
    static final String ADMIN = "tresoriere";
    static final String ADMIN_PASSWORD = "mistakes-admin-password-1";

    static final HelloAssoEmulator HELLOASSO = HelloAssoEmulator.start(EmulatorConfig.builder().port(0)
            .organization(SLUG, "Les Amis du Vélo").client(CLIENT_ID, SECRET)
            // an API client that may read public data and create checkouts, but not the organization's orders
            .addClient("other-client-id", "other-client-secret", "AccessPublicData", "Checkout")
            .addOrganization("autre-asso", "Une autre association")
            .build());

    ConfigurableApplicationContext gateway;
    Browser payer;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterAll
    static void stopHelloAsso() {
        HELLOASSO.close();
    }

    /** Starts the gateway in real mode against {@code environment} with these HelloAsso settings. */
    void start(String environment, String clientId, String secret, String organization) {
        gateway = new SpringApplicationBuilder(PasserelleApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:mistakes-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--passerelle.helloasso.environment=" + environment,
                "--passerelle.helloasso.client-id=" + clientId,
                "--passerelle.helloasso.client-secret=" + secret,
                "--passerelle.helloasso.organization=" + organization,
                "--passerelle.admin.username=" + ADMIN, "--passerelle.admin.password=" + ADMIN_PASSWORD,
                "--passerelle.offers[0].id=atelier-velo", "--passerelle.offers[0].name=Atelier vélo",
                "--passerelle.offers[0].price=1500",
                "--db-scheduler.enabled=false");
        payer = new Browser(URI.create("http://localhost:" + port()));
    }

    int port() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    ConnectionStatus settled() {
        HelloAssoConnection connection = gateway.getBean(HelloAssoConnection.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> connection.status().state() != ConnectionStatus.State.NOT_CHECKED);
        return connection.status();
    }

    /** The lines the connection check logged since this gateway started, at the given level. */
    static List<String> connectionLines(CapturedOutput output, String level) {
        return output.getOut().lines().filter(line -> line.contains(" " + level + " ") && line.contains("HelloAsso connection:"))
                .toList();
    }

    @Test
    void aWrongSecretIsSaidPlainlyEverywhere(CapturedOutput output) {
        start(HELLOASSO.baseUrl().toString(), CLIENT_ID, "wrong-secret-pasted-here", SLUG);
        assertThat(settled().problem()).isEqualTo(ConnectionProblem.WRONG_CREDENTIALS);

        List<String> errors = connectionLines(output, "ERROR");
        assertThat(errors).singleElement().asString()
                .contains("refused passerelle.helloasso.client-id and passerelle.helloasso.client-secret")
                .contains("(token refused: 400 unauthorized_client)")
                .contains("Mon compte > Intégrations et API")
                .contains("then restart Passerelle.")
                .doesNotContain("wrong-secret-pasted-here");
        assertThat(output.getOut()).doesNotContain("wrong-secret-pasted-here");

        assertHealthDown("WRONG_CREDENTIALS");
        assertThat(dashboard()).contains("Les paiements sont arrêtés\u00A0: HelloAsso refuse les réglages de Passerelle.")
                .contains("HelloAsso refuse l'identifiant et le secret d'API")
                .contains("recopiez les deux depuis");
        assertPayersAreToldPaymentsAreUnavailable();
    }

    @Test
    void anUnknownOrganizationIsSaidPlainlyEverywhere(CapturedOutput output) {
        start(HELLOASSO.baseUrl().toString(), CLIENT_ID, SECRET, "les-amis-du-velos");
        assertThat(settled().problem()).isEqualTo(ConnectionProblem.UNKNOWN_ORGANIZATION);
        assertThat(connectionLines(output, "ERROR")).singleElement().asString()
                .contains("has no organization 'les-amis-du-velos' (passerelle.helloasso.organization)")
                .contains("then restart Passerelle.");
        assertHealthDown("UNKNOWN_ORGANIZATION");
        assertThat(dashboard()).contains("HelloAsso ne connaît pas cette organisation")
                .contains("Aucune organisation «\u00A0les-amis-du-velos\u00A0» (passerelle.helloasso.organization) sur le serveur HelloAsso de test");
        assertPayersAreToldPaymentsAreUnavailable();
    }

    @Test
    void aWholeAddressPastedAsTheSlugIsCaughtWithoutAskingHelloAsso(CapturedOutput output) {
        long calls = HELLOASSO.control().calls().size();
        start(HELLOASSO.baseUrl().toString(), CLIENT_ID, SECRET, "https://www.helloasso.com/associations/" + SLUG);
        ConnectionStatus status = settled();
        assertThat(status.problem()).isEqualTo(ConnectionProblem.MALFORMED_ORGANIZATION);
        assertThat(status.suggestion()).isEqualTo(SLUG);
        assertThat(HELLOASSO.control().calls().size()).as("nothing asked of HelloAsso").isEqualTo(calls);
        assertThat(connectionLines(output, "ERROR")).singleElement().asString()
                .contains("passerelle.helloasso.organization is 'https://www.helloasso.com/associations/" + SLUG
                        + "', which is not an organization slug. Set passerelle.helloasso.organization=" + SLUG);
        assertHealthDown("MALFORMED_ORGANIZATION");
        assertThat(dashboard()).contains("passerelle.helloasso.organization=" + SLUG);
        assertPayersAreToldPaymentsAreUnavailable();
    }

    @Test
    void credentialsOfAnotherOrganizationAreTold(CapturedOutput output) {
        start(HELLOASSO.baseUrl().toString(), "other-client-id", "other-client-secret", SLUG);
        ConnectionStatus status = settled();
        assertThat(status.problem()).isEqualTo(ConnectionProblem.NOT_ALLOWED);
        assertThat(status.detail()).isEqualTo("HTTP 403 on orders.list");
        assertThat(connectionLines(output, "ERROR")).singleElement().asString()
                .contains("accepts passerelle.helloasso.client-id but refuses it access to organization '" + SLUG + "'");
        assertHealthDown("NOT_ALLOWED");

        // "Test connection" runs the check again, says the result and is audited with who asked
        Browser admin = admin();
        Browser.Page tested = admin.post("/admin/connection/test", Map.of("returnTo", "/admin"));
        assertThat(tested.status()).isEqualTo(303);
        assertThat(text(admin.follow(tested).body())).contains("HelloAsso refuse les réglages\u00A0: voir ci-dessous ce qu'il faut changer.")
                .contains("Ces identifiants d'API n'ont pas accès à cette organisation");
        assertThat(gateway.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM audit_events WHERE action ="
                + " 'admin.connection_tested' AND actor = :admin").param("admin", ADMIN).query(Long.class).single())
                .isEqualTo(1);
        assertThat(connectionLines(output, "ERROR")).as("an unchanged state is not logged again").hasSize(1);
    }

    @Test
    void anOutageIsNotAMistake(CapturedOutput output) {
        HelloAssoEmulator down = HelloAssoEmulator.start(EmulatorConfig.builder().port(0).organization(SLUG)
                .client(CLIENT_ID, SECRET).build());
        String address = down.baseUrl().toString();
        down.close();
        start(address, CLIENT_ID, SECRET, SLUG);
        assertThat(settled().state()).isEqualTo(ConnectionStatus.State.UNREACHABLE);
        assertThat(connectionLines(output, "ERROR")).isEmpty();
        assertThat(connectionLines(output, "WARN")).singleElement().asString()
                .contains("does not answer").contains("Nothing to change in Passerelle's settings");

        JsonNode health = health();
        assertThat(health.at("/components/helloassoConnection/status").asString()).isEqualTo("UNKNOWN");
        assertThat(dashboard()).contains("Pas de réponse de HelloAsso (no answer on organizations.get), sur le serveur HelloAsso de test")
                .contains("Rien à changer dans vos réglages")
                .doesNotContain("Les paiements sont arrêtés");
        assertThat(payer.get("/").body()).doesNotContain("payments-unavailable");
        Browser.Page pay = payer.get(order().next());
        assertThat(pay.status()).isEqualTo(503);
        assertThat(text(pay.body())).contains("HelloAsso ne répond pas").doesNotContain("l'association a été prévenue");
    }

    private void assertHealthDown(String problem) {
        JsonNode health = health();
        assertThat(health.at("/status").asString()).isEqualTo("DOWN");
        assertThat(health.at("/components/helloassoConnection/status").asString()).isEqualTo("DOWN");
        assertThat(health.at("/components/helloassoConnection/details/problem").asString()).isEqualTo(problem);
        assertThat(health.at("/components/helloassoConnection/details/reason").asString())
                .startsWith("HelloAsso connection: ").contains("passerelle.helloasso.");
        // documented choice: every instance shares the mistake; out of the load balancer, payers would see nothing
        assertThat(payer.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(payer.get("/actuator/health").body()).as("no detail for anonymous callers")
                .doesNotContain("helloassoConnection");
    }

    private void assertPayersAreToldPaymentsAreUnavailable() {
        String home = text(payer.get("/").body());
        assertThat(home).contains("id=\"payments-unavailable\"")
                .contains("Les paiements sont momentanément indisponibles\u00A0: l'association a été prévenue.");
        String offer = payer.get("/offers/atelier-velo").body();
        assertThat(offer).contains("id=\"payments-unavailable\"").doesNotContain("id=\"pay\"");
        assertThat(payer.language("en").get("/").body())
                .contains("Payments are temporarily unavailable: the association has been told.");
        payer.language("fr-FR");

        // an order made anyway (an old form, a host application's link) meets the same truth, not "HelloAsso is down"
        Browser.Page pay = payer.get(order().next());
        assertThat(pay.status()).isEqualTo(503);
        assertThat(text(pay.body())).contains("Paiements momentanément indisponibles")
                .contains("l'association a été prévenue").doesNotContain("HelloAsso ne répond pas");
        assertThat(gateway.getBean(AuditLog.class).forOrder(orderId(pay)))
                .anySatisfy(event -> assertThat(event.message()).contains("HelloAsso refused Passerelle's settings"));
    }

    private Browser.Page order() {
        Browser.Page created = payer.post("/offers/atelier-velo", Browser.form("firstName", "Marie", "lastName", "Curie",
                "email", "marie@example.org", "country", "FRA"));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        return created;
    }

    private static String orderId(Browser.Page pay) {
        return pay.uri().getPath().replaceAll(".*/pay/([0-9a-f-]{36}).*", "$1");
    }

    private Browser admin() {
        Browser admin = new Browser(URI.create("http://localhost:" + port()));
        admin.get("/admin/login");
        Browser.Page done = admin.post("/admin/login", Browser.form("username", ADMIN, "password", ADMIN_PASSWORD));
        assertThat(done.location()).doesNotContain("error");
        admin.forgetCsrf();
        return admin;
    }

    private String dashboard() {
        return text(admin().get("/admin").body());
    }

    /** What a reader sees: HTML entities decoded. */
    static String text(String html) {
        return HtmlUtils.htmlUnescape(html);
    }

    private JsonNode health() {
        try {
            var request = java.net.http.HttpRequest.newBuilder(URI.create("http://localhost:" + port() + "/actuator/health"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))).GET().build();
            String body = java.net.http.HttpClient.newHttpClient()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return JsonMapper.builder().build().readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
