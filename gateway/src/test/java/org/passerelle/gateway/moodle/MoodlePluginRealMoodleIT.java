package org.passerelle.gateway.moodle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Chromium;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.webhook.WebhookDeliveries;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * Optional: the plugin's zip installed into a real Moodle 4.5 (../shared/moodle/kit/) with Moodle's own upgrade
 * script, its settings checked by Moodle against this Passerelle (first blocked by Moodle's default HTTP security
 * settings, then allowed as docs/moodle-plugin.md says), and a learner buying a course in Chromium through Moodle's
 * own payment modal, enrolment on payment and the plugin's AMD module, paying on the emulated HelloAsso and coming back
 * enrolled; then Passerelle's webhook, the scheduled task run by Moodle's CLI, and a refund ending the enrolment.
 * Runs when PASSERELLE_TEST_MOODLE_DIR (Moodle's code folder) and PASSERELLE_TEST_MOODLE_URL (its address) are set;
 * skipped otherwise, as CI has no Moodle.
 */
class MoodlePluginRealMoodleIT extends GatewayTestSupport {

    private static final Path MODULE = Path.of("..", "moodle-plugin").toAbsolutePath().normalize();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    WebhookEndpoints endpoints;
    @Autowired
    WebhookDeliveries deliveries;

    private Path moodleDir;
    private String moodleUrl;

    @Test
    void aLearnerBuysACourseInARealMoodleThroughThePlugin() throws Exception {
        String dir = System.getenv("PASSERELLE_TEST_MOODLE_DIR");
        moodleUrl = System.getenv("PASSERELLE_TEST_MOODLE_URL");
        Assumptions.assumeTrue(dir != null && moodleUrl != null && Files.isRegularFile(Path.of(dir, "config.php")),
                "No real Moodle (set PASSERELLE_TEST_MOODLE_DIR and PASSERELLE_TEST_MOODLE_URL, e.g. with "
                        + "../shared/moodle/kit/install-moodle.sh): real-Moodle plugin test skipped");
        moodleDir = Path.of(dir).toAbsolutePath();
        moodleUrl = moodleUrl.replaceAll("/+$", "");

        // Installed with Moodle's own upgrade script: version.php, install.xml, services, tasks, strings, settings.
        String installed = install();
        String upgrade = php(moodleDir.resolve("admin/cli/upgrade.php").toString(), "--non-interactive");
        assertThat(upgrade).contains("completed successfully");
        ApiKeys.CreatedKey key = apiKeys.create("Moodle 4.5", "test");
        String apiKey = key.secret();
        WebhookEndpoints.CreatedEndpoint endpoint = endpoints.add(moodleUrl + "/payment/gateway/passerelle/webhook.php",
                Set.of("order.paid", "order.refunded"), key.id(), "test");
        try {
            JsonNode site = cli("setup", Map.of("passerelleUrl", "http://localhost:" + port, "apiKey", apiKey,
                    "webhookSecret", endpoint.secret()));
            assertThat(site.get("enabledGateways").toString()).as(installed).contains("passerelle");
            long account = site.get("accountId").asLong();

            // Moodle's default HTTP security blocks a Passerelle on the same server; the settings page says so
            JsonNode blocked = cli("check", Map.of("accountId", account)).get("errors");
            assertThat(blocked.get("passerelleurl").asString()).contains("HTTP security settings block http://localhost:" + port);
            cli("allow", Map.of("host", "localhost", "port", port));
            assertThat(cli("check", Map.of("accountId", account)).get("errors").size()).isZero();

            buyInChromium(site);
            Map<String, Object> learner = Map.of("userId", site.get("learnerId").asLong(), "enrolId", site.get("enrolId").asLong());
            JsonNode state = cli("state", learner);
            assertThat(state.get("enrolled").asBoolean()).isTrue();
            assertThat(state.get("payments")).hasSize(1);
            assertThat(state.get("payments").get(0).get("gateway").asString()).isEqualTo("passerelle");
            assertThat(state.get("payments").get(0).get("amount").asString()).isEqualTo("45.5");
            String orderId = state.get("attempts").get(0).get("orderid").asString();

            // Passerelle's webhook reached the real Moodle and was accepted (it delivered nothing more)
            await().atMost(WAIT).until(() -> deliveries.forOrder(orderId).stream()
                    .anyMatch(d -> d.endpointId().equals(endpoint.id()) && d.status().equals(WebhookDeliveries.DELIVERED)));
            // Moodle's cron runs the scheduled task
            String task = php(moodleDir.resolve("admin/cli/scheduled_task.php").toString(),
                    "--execute=\\paygw_passerelle\\task\\check_pending");
            assertThat(task).contains("open payment(s) checked");
            assertThat(cli("state", learner).get("payments")).hasSize(1);

            // a full refund in Passerelle ends the enrolment, through Passerelle's webhook
            ApiClient.Response refund = new ApiClient(port, apiKey).post("/api/v1/orders/" + orderId + "/refunds", Map.of());
            assertThat(refund.status()).as(refund.raw().body()).isEqualTo(201);
            await().atMost(WAIT).until(() -> !cli("state", learner).get("enrolled").asBoolean());

            // Moodle's privacy manager finds the provider complete; its queries run on the real database
            JsonNode privacy = cli("privacy", Map.of("userId", site.get("learnerId").asLong()));
            assertThat(privacy.get("compliant").asBoolean()).isTrue();
            assertThat(privacy.get("metadata").asInt()).isEqualTo(2);
            assertThat(privacy.get("contexts")).as("the learner's only attempt became a payment").isEmpty();
        } finally {
            endpoints.remove(endpoint.id(), "test");
        }
    }

    /** The learner logs in, opens the course's enrolment page, pays through the modal and HelloAsso, and lands in it. */
    private void buyInChromium(JsonNode site) throws IOException {
        try (Chromium chromium = Chromium.start("en")) {
            ChromeDriver browser = chromium.driver();
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            // logged in by Moodle's login form (over HTTP: the login page is not what is tested), then in Chromium
            browser.get(moodleUrl + "/login/index.php");
            browser.manage().deleteAllCookies();
            browser.manage().addCookie(new Cookie("MoodleSession", login(site.get("username").asString(),
                    site.get("password").asString())));

            browser.get(moodleUrl + "/enrol/index.php?id=" + site.get("courseId").asLong());
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-action='core_payment/triggerPayment']")))
                    .click();
            WebElement gateway = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".modal input[type='radio'][value='passerelle']")));
            assertThat(gateway.isSelected()).as("the only gateway of the account is selected").isTrue();
            assertThat(browser.findElement(By.cssSelector(".modal")).getText()).contains("HelloAsso");
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".modal [data-action='proceed']"))).click();

            // the plugin's AMD module sent the browser to Passerelle, which sent it to (emulated) HelloAsso
            wait.until(ExpectedConditions.urlContains(":" + emulator().port() + "/"));
            WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cardNumber")));
            for (String[] field : new String[][] {{"firstName", "Marie"}, {"lastName", "Curie"},
                    {"email", "marie.curie@example.org"}}) {
                WebElement input = browser.findElement(By.id(field[0]));
                if (input.getAttribute("value").isBlank()) {
                    input.sendKeys(field[1]);
                }
            }
            card.sendKeys("4242424242424242");
            card.submit();

            // back through Passerelle straight to Moodle's return page, which delivers and goes on to the course
            wait.until(ExpectedConditions.urlContains("/course/view.php?id=" + site.get("courseId").asLong()));
            assertThat(browser.getPageSource()).contains("Thank you: your payment was received.");
        }
    }

    /** Logs in with Moodle's login form; returns the session cookie. */
    private String login(String username, String password) {
        try {
            CookieManager cookies = new CookieManager();
            HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL).build();
            String page = http.send(HttpRequest.newBuilder(URI.create(moodleUrl + "/login/index.php")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher token = Pattern.compile("name=\"logintoken\" value=\"([^\"]+)\"").matcher(page);
            assertThat(token.find()).isTrue();
            String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&logintoken=" + token.group(1);
            HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(moodleUrl + "/login/index.php"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(done.uri().getPath()).as("logged in").doesNotContain("/login/");
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("MoodleSession"))
                    .findFirst().orElseThrow().getValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Unzips the plugin (the zip ./mvnw package built, or the sources when it is absent) into payment/gateway/, after
     * uninstalling a copy a previous run left, so that every run installs it afresh.
     */
    private String install() throws IOException {
        Path target = moodleDir.resolve("payment/gateway/passerelle");
        if (Files.exists(target)) {
            php(moodleDir.resolve("admin/cli/uninstall_plugins.php").toString(), "--plugins=paygw_passerelle", "--run");
        }
        FileSystemUtils.deleteRecursively(target);
        Path zip;
        try (Stream<Path> built = Files.exists(MODULE.resolve("target")) ? Files.list(MODULE.resolve("target")) : Stream.empty()) {
            zip = built.filter(p -> p.getFileName().toString().matches("paygw_passerelle-.*\\.zip")).findFirst().orElse(null);
        }
        if (zip == null) {
            FileSystemUtils.copyRecursively(MODULE.resolve("passerelle"), target);
            return "installed from the sources (no zip built)";
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path file = moodleDir.resolve("payment/gateway").resolve(entry.getName()).normalize();
                assertThat(file.startsWith(target)).as(entry.getName()).isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(in, file);
                }
            }
        }
        return "installed from " + zip.getFileName();
    }

    private JsonNode cli(String action, Map<String, ?> input) {
        String output = php(MODULE.resolve("tests/realmoodle/moodle-cli.php").toString(), moodleDir.toString(), action,
                ApiClient.JSON.writeValueAsString(input));
        return ApiClient.JSON.readTree(output.substring(output.indexOf('{')));
    }

    private String php(String... arguments) {
        try {
            Process process = new ProcessBuilder(Stream.concat(Stream.of("php"), Stream.of(arguments)).toList())
                    .directory(moodleDir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(List.of(arguments) + ":\n" + output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
