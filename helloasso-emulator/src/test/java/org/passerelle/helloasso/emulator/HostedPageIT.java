package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A real browser (Debian's chromium) pays on the hosted page and comes back to a tiny return site. */
class HostedPageIT {

    static HelloAssoEmulator emulator;
    static ChromiumAndSite chromium;
    static String shopUrl;
    static WebDriver browser;
    Api api;

    @BeforeAll
    static void startAll() throws IOException {
        chromium = ChromiumAndSite.start("shop");
        browser = chromium.browser();
        shopUrl = chromium.url();
        emulator = HelloAssoEmulator.start();
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
        api = new Api(emulator);
    }

    JsonNode newIntent(boolean withPayer) {
        ObjectNode body = Api.checkoutBody(2450);
        body.put("backUrl", shopUrl + "/back?order=42");
        body.put("returnUrl", shopUrl + "/return?order=42");
        body.put("errorUrl", shopUrl + "/error?order=42");
        if (withPayer) {
            body.putObject("payer").put("firstName", "Jeanne").put("lastName", "Martin").put("email", "jeanne@example.org");
        }
        return api.createIntent(body);
    }

    void pay(String card) {
        WebElement number = browser.findElement(By.id("cardNumber"));
        number.clear();
        number.sendKeys(card);
        browser.findElement(By.id("pay")).click();
    }

    void waitForShop(String path) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().startsWith(shopUrl + path));
    }

    @Test
    void theSuccessCardPaysAndLandsOnTheReturnUrlWithTheOrder() {
        JsonNode intent = newIntent(true);
        browser.get(intent.get("redirectUrl").asString() + "?lang=fr");
        assertThat(browser.findElement(By.id("organization")).getText()).isEqualTo("Passerelle Démo");
        assertThat(browser.findElement(By.id("amount")).getText()).isEqualTo("24,50 €");
        assertThat(browser.findElement(By.id("firstName")).getDomProperty("value")).isEqualTo("Jeanne");

        browser.findElement(By.id("firstName")).clear();
        browser.findElement(By.id("firstName")).sendKeys("Camille");
        pay("4242 4242 4242 4242");

        waitForShop("/return");
        String url = browser.getCurrentUrl();
        long id = intent.get("id").asLong();
        assertThat(url).contains("order=42", "checkoutIntentId=" + id, "code=succeeded", "orderId=");
        JsonNode order = api.get("/v5/organizations/passerelle-demo/checkout-intents/" + id).json().get("order");
        assertThat(order.get("payments").get(0).get("state").asString()).isEqualTo("Authorized");
        assertThat(order.get("payer").get("firstName").asString()).as("the payer edited the pre-filled name").isEqualTo("Camille");
        assertThat(url).endsWith("orderId=" + order.get("id").asLong());
    }

    @Test
    void theRefusedCardComesBackWithCodeRefused() {
        JsonNode intent = newIntent(true);
        browser.get(intent.get("redirectUrl").asString());

        pay("4000000000000002");

        waitForShop("/return");
        assertThat(browser.getCurrentUrl()).contains("code=refused", "checkoutIntentId=" + intent.get("id").asLong())
                .doesNotContain("orderId");
        assertThat(api.get("/v5/organizations/passerelle-demo/checkout-intents/" + intent.get("id").asLong()).json().has("order")).isFalse();
    }

    @Test
    void theBackLinkGoesToBackUrl() {
        browser.get(newIntent(false).get("redirectUrl").asString() + "?lang=en");
        assertThat(browser.findElement(By.id("pay")).getText()).startsWith("Pay");

        browser.findElement(By.id("back")).click();

        waitForShop("/back");
        assertThat(browser.getCurrentUrl()).isEqualTo(shopUrl + "/back?order=42");
    }

    @Test
    void aTechnicalErrorGoesToErrorUrl() {
        JsonNode intent = newIntent(true);
        browser.get(intent.get("redirectUrl").asString());

        pay("4000000000000119");

        waitForShop("/error");
        assertThat(browser.getCurrentUrl()).contains("order=42", "checkoutIntentId=" + intent.get("id").asLong(), "error=");
    }

    @Test
    void aBadCardShowsAnErrorAndTheNextTryWorks() {
        JsonNode intent = newIntent(false);
        browser.get(intent.get("redirectUrl").asString() + "?lang=fr");
        browser.findElement(By.id("firstName")).sendKeys("Jeanne");
        browser.findElement(By.id("lastName")).sendKeys("Martin");
        browser.findElement(By.id("email")).sendKeys("jeanne@example.org");

        pay("1111 2222 3333 4444");

        // the click submits the form: wait for the answer page rather than reading the old one
        WebElement cardError = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElements(By.id("card-error")).stream().findFirst().orElse(null));
        assertThat(cardError.getText()).contains("Carte refusée");
        assertThat(browser.findElement(By.id("lastName")).getDomProperty("value")).isEqualTo("Martin");
        pay("4242424242424242");
        waitForShop("/return");
        assertThat(browser.getCurrentUrl()).contains("code=succeeded");
    }
}
