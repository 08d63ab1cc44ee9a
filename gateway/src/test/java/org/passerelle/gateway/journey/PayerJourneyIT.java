package org.passerelle.gateway.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.util.FileSystemUtils;

/** A real browser (Debian's Chromium) walks the payer's path: home → offer → form → HelloAsso's page → paid. */
class PayerJourneyIT extends GatewayTestSupport {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private WebDriver driver;
    private Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        Assumptions.assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "Chromium or chromedriver is missing (apt-get install -y chromium chromium-driver): browser test skipped");
        profile = Files.createTempDirectory("passerelle-chromium");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--lang=fr-FR", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            FileSystemUtils.deleteRecursively(profile.toFile());
        }
    }

    @Test
    void aPayerBuysACourseSeatAndSeesItPaid() {
        driver.get("http://localhost:" + port + "/?lang=fr");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Nos offres");
        driver.findElement(By.linkText("Atelier d'initiation (une place)")).click();

        driver.findElement(By.id("firstName")).sendKeys("Marie");
        driver.findElement(By.id("lastName")).sendKeys("Curie");
        driver.findElement(By.id("email")).sendKeys("marie.curie@example.org");
        new Select(driver.findElement(By.id("country"))).selectByValue("FRA");
        driver.findElement(By.id("pay")).click();

        // the emulated HelloAsso page, pre-filled with the payer
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cardNumber")));
        assertThat(driver.getCurrentUrl()).startsWith(emulator().baseUrl().toString());
        assertThat(driver.findElement(By.id("item-name")).getText()).isEqualTo("Atelier d'initiation (une place)");
        assertThat(driver.findElement(By.id("firstName")).getAttribute("value")).isEqualTo("Marie");
        driver.findElement(By.id("cardNumber")).sendKeys("4242 4242 4242 4242");
        driver.findElement(By.id("pay")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("status")));
        assertThat(driver.getCurrentUrl()).startsWith("http://localhost:" + port + "/orders/");
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("Payée");
        assertThat(driver.findElement(By.tagName("main")).getText())
                .contains("Paiement confirmé par HelloAsso.")
                .contains("40,00")
                .contains("Voir le reçu HelloAsso");

        String orderId = driver.getCurrentUrl().replaceAll(".*/orders/([0-9a-f-]{36}).*", "$1");
        assertThat(order(orderId).status()).isEqualTo(OrderStatus.PAID);

        driver.findElement(By.linkText("EN")).click();
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("Paid");
    }
}
