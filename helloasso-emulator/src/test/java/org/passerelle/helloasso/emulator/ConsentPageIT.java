package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.passerelle.helloasso.AuthorizationDeniedException;
import org.passerelle.helloasso.AuthorizationRequest;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.HelloAssoEnvironment;
import org.passerelle.helloasso.OrganizationToken;
import org.passerelle.helloasso.Partner;

import com.sun.net.httpserver.HttpServer;

/**
 * A real browser (Debian's chromium) on the consent page: an administrator picks the organization and approves or
 * refuses; the partner's callback gets the code or the error and the client finishes linking.
 */
class ConsentPageIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String CLUB = "club-des-echecs";

    static HelloAssoEmulator emulator;
    static HttpServer partnerSite;
    static String partnerUrl;
    static WebDriver browser;
    static Path profile;
    Partner partner;

    @BeforeAll
    static void startAll() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "SKIPPED: chromium or chromedriver missing; install them with: apt-get install -y chromium chromium-driver");
        emulator = HelloAssoEmulator.start(EmulatorConfig.builder().addOrganization(CLUB, "Club des échecs").build());
        partnerSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        partnerSite.createContext("/", exchange -> {
            try (exchange) {
                byte[] page = ("<!DOCTYPE html><title>partner</title><h1 id=\"where\">" + exchange.getRequestURI().getPath()
                        + "</h1>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            }
        });
        partnerSite.start();
        partnerUrl = "http://127.0.0.1:" + partnerSite.getAddress().getPort();

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("emulator-consent-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopAll() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (partnerSite != null) {
            partnerSite.stop(0);
        }
        if (emulator != null) {
            emulator.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void fresh() {
        emulator.control().reset();
        partner = HelloAssoClient.builder()
                .environment(HelloAssoEnvironment.custom(emulator.baseUrl()))
                .clientId(emulator.partnerClientId()).clientSecret(emulator.partnerClientSecret())
                .build().partner();
        partner.setRedirectDomain(partnerUrl);
    }

    @Test
    void theAdministratorPicksAnOrganizationApprovesAndThePartnerActsForIt() {
        AuthorizationRequest pending = partner.authorizationRequest(URI.create(partnerUrl + "/helloasso/callback"));

        browser.get(pending.url() + "&lang=en");
        assertThat(browser.findElement(By.id("request")).getText()).contains("emulator-partner-id");
        browser.findElement(By.cssSelector("input[name=organization][value=" + CLUB + "]")).click();
        browser.findElement(By.id("approve")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().startsWith(partnerUrl + "/helloasso/callback?"));

        Map<String, String> callback = query(URI.create(browser.getCurrentUrl()));
        OrganizationToken linked = partner.completeAuthorization(pending, callback.get("state"), callback.get("code"),
                callback.get("error"));
        assertThat(linked.organizationSlug()).isEqualTo(CLUB);
        assertThat(partner.organization(CLUB).organizations().get(CLUB).name()).isEqualTo("Club des échecs");
    }

    @Test
    void refusingSendsTheAdministratorBackWithAccessDenied() {
        AuthorizationRequest pending = partner.authorizationRequest(URI.create(partnerUrl + "/helloasso/callback"));

        browser.get(pending.url() + "&lang=fr");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Autoriser un partenaire");
        browser.findElement(By.id("refuse")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().startsWith(partnerUrl + "/helloasso/callback?"));

        Map<String, String> callback = query(URI.create(browser.getCurrentUrl()));
        assertThat(callback).containsEntry("error", "access_denied").doesNotContainKey("code");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> partner.completeAuthorization(pending,
                        callback.get("state"), callback.get("code"), callback.get("error")))
                .isInstanceOf(AuthorizationDeniedException.class);
        assertThat(emulator.control().linkedOrganizations(emulator.partnerClientId())).isEmpty();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
