package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.passerelle.helloasso.AuthorizationDeniedException;
import org.passerelle.helloasso.AuthorizationRequest;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.HelloAssoEnvironment;
import org.passerelle.helloasso.OrganizationToken;
import org.passerelle.helloasso.Partner;


/**
 * A real browser (Debian's chromium) on the consent page: an administrator picks the organization and approves or
 * refuses; the partner's callback gets the code or the error and the client finishes linking.
 */
class ConsentPageIT {

    static final String CLUB = "club-des-echecs";

    static HelloAssoEmulator emulator;
    static ChromiumAndSite chromium;
    static String partnerUrl;
    static WebDriver browser;
    Partner partner;

    @BeforeAll
    static void startAll() throws IOException {
        chromium = ChromiumAndSite.start("partner");
        browser = chromium.browser();
        partnerUrl = chromium.url();
        emulator = HelloAssoEmulator.start(EmulatorConfig.builder().addOrganization(CLUB, "Club des échecs").build());
    }

    @AfterAll
    static void stopAll() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (emulator != null) {
            emulator.close();
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
