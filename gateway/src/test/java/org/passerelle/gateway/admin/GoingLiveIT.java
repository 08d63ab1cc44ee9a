package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.passerelle.gateway.PasserelleApplication;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.Chromium;
import org.passerelle.gateway.support.MutableClock;
import org.passerelle.helloasso.emulator.EmulatorConfig;
import org.passerelle.helloasso.emulator.HelloAssoEmulator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A treasurer's first run against HelloAsso's sandbox (an emulator over HTTP, real mode), in Chromium: the set-up
 * link printed at start-up makes the first admin (once), the "Going live" page checks the connection, registers the
 * notification URL and sees a notification arrive; an offer created in the console (price typed "12,50") is payable
 * at once, an edit shows at once, an archived offer is gone; the test payment goes through.
 */
@ExtendWith(OutputCaptureExtension.class)
class GoingLiveIT {

    static final String SLUG = "les-amis-du-velo";
    static final Pattern SETUP_LINK = Pattern.compile("http://localhost:\\d+/admin/first-run/[A-Za-z0-9_-]{43}");
    static final HelloAssoEmulator HELLOASSO = HelloAssoEmulator.start(EmulatorConfig.builder().port(0)
            .organization(SLUG, "Les Amis du Vélo").client("velo-client-id", "velo-client-secret-0123456789").build());

    ConfigurableApplicationContext gateway;
    Chromium chromium;

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterAll
    static void stopHelloAsso() {
        HELLOASSO.close();
    }

    /** A clock the test moves (the gateway's own is the system's). */
    @TestConfiguration(proxyBeanMethods = false)
    static class MovableClock {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    void start() {
        gateway = new SpringApplicationBuilder(PasserelleApplication.class, MovableClock.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:going-live-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--passerelle.helloasso.environment=" + HELLOASSO.baseUrl(),
                "--passerelle.helloasso.client-id=velo-client-id",
                "--passerelle.helloasso.client-secret=velo-client-secret-0123456789",
                "--passerelle.helloasso.organization=" + SLUG,
                "--passerelle.notifications.sweep-interval=500ms",
                "--db-scheduler.enabled=false");
    }

    String base() {
        return "http://localhost:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    static String setUpLink(CapturedOutput output) {
        Matcher link = SETUP_LINK.matcher(output.getOut());
        assertThat(link.find()).as("a set-up link is printed at start-up").isTrue();
        String found = link.group();
        assertThat(link.find()).as("one link").isFalse();
        return found;
    }

    @Test
    void fromTheSetUpLinkToAPaidOfferMadeInTheConsole(CapturedOutput output) throws IOException {
        start();
        String link = setUpLink(output);
        assertThat(output.getOut()).contains("FIRST RUN: there is no admin account yet")
                .contains("HELLOASSO AT " + HELLOASSO.baseUrl())
                .doesNotContain("<passerelle.notifications.key>");
        chromium = Chromium.start();
        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));

        // no admin yet: the login page says where the way in is
        driver.get(base() + "/admin/login?lang=fr");
        assertThat(driver.findElement(By.id("waiting-for-first-admin")).getText()).contains("lien de mise en service");

        // the set-up link: a too-short password is refused, then the account is made
        driver.get(link);
        type(driver, "username", "tresoriere");
        type(driver, "password", "court");
        type(driver, "confirmation", "court");
        driver.findElement(By.id("create-admin")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.error"))).getText())
                .contains("entre 12 et 72 caractères");
        type(driver, "password", "une phrase de passe assez longue");
        type(driver, "confirmation", "une phrase de passe assez longue");
        driver.findElement(By.id("create-admin")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("account-created")));
        String hash = gateway.getBean(JdbcClient.class).sql("SELECT password_hash FROM admin_accounts")
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}").doesNotContain("une phrase");

        // valid once
        driver.get(link);
        assertThat(driver.findElement(By.id("link-used")).getText()).contains("ne fonctionne plus");
        assertThat(new Browser(URI.create(base())).get(link).status()).isEqualTo(410);

        logIn(driver, "tresoriere", "une phrase de passe assez longue");
        assertThat(driver.findElement(By.id("going-live")).getText()).contains("Mise en service : 2 étapes sur 6");
        assertThat(driver.findElements(By.id("connection-alert"))).isEmpty();

        // Going live: the connection is checked, the notification URL registered through the API
        driver.get(base() + "/admin/going-live");
        assertThat(step(driver, "connection").getAttribute("class")).contains("done");
        assertThat(step(driver, "connection").getText()).contains("Connexion établie : organisation « " + SLUG + " » (Les Amis du Vélo), sur le serveur HelloAsso de test");
        assertThat(step(driver, "notifications").getText()).contains("Aucune notification reçue pour l'instant");
        assertThat(submit(driver, "test-connection")).isEqualTo("Connexion à HelloAsso vérifiée : tout fonctionne.");
        assertThat(submit(driver, "register-notification-url")).startsWith("HelloAsso enverra ses notifications");
        assertThat(driver.findElement(By.id("notification-registered")).getText()).startsWith("Enregistrée auprès de HelloAsso");
        String notificationUrl = driver.findElement(By.id("notification-url")).getText();
        assertThat(notificationUrl).startsWith(base() + "/helloasso/notifications/");

        // an offer made in the console, its price typed the French way
        driver.get(base() + "/admin/offers");
        driver.findElement(By.id("new-offer")).click();
        type(driver, "name", "Stage de voile");
        type(driver, "description", "Deux jours sur l'eau.");
        type(driver, "price", "12,50");
        assertThat(submit(driver, "save-offer")).isEqualTo("Offre « Stage de voile » créée : elle est en ligne.");
        assertThat(driver.findElement(By.id("offer-stage-de-voile")).getText()).contains("12,50");

        // payable at once, like any offer
        driver.get(base() + "/");
        driver.findElement(By.linkText("Stage de voile")).click();
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("12,50 €").contains("Deux jours sur l'eau.");
        type(driver, "firstName", "Marie");
        type(driver, "lastName", "Curie");
        type(driver, "email", "marie.curie@example.org");
        new Select(driver.findElement(By.id("country"))).selectByValue("FRA");
        driver.findElement(By.id("pay")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cardNumber")));
        assertThat(driver.findElement(By.id("item-name")).getText()).isEqualTo("Stage de voile");
        driver.findElement(By.id("cardNumber")).sendKeys("4242 4242 4242 4242");
        driver.findElement(By.id("pay")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("status")));
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("Payée");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("12,50");
        String orderId = driver.getCurrentUrl().replaceAll(".*/orders/([0-9a-f-]{36}).*", "$1");
        assertThat(gateway.getBean(OrderRepository.class).find(orderId).orElseThrow().offerId()).isEqualTo("stage-de-voile");

        // HelloAsso's notification reaches the registered URL: the walkthrough sees it
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            driver.get(base() + "/admin/going-live");
            return !driver.findElements(By.id("last-notification")).isEmpty();
        });
        assertThat(step(driver, "notifications").getAttribute("class")).contains("done");
        assertThat(step(driver, "test-payment").getAttribute("class")).contains("done");
        assertThat(step(driver, "offers").getText()).contains("Une offre à vous.");

        // an edit shows at once; an archived offer is gone, its page says so
        driver.get(base() + "/admin/offers/stage-de-voile");
        type(driver, "price", "15.00");
        assertThat(submit(driver, "save-offer")).isEqualTo("Offre « Stage de voile » enregistrée.");
        driver.get(base() + "/offers/stage-de-voile");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("15,00 €");
        driver.get(base() + "/admin/offers");
        assertThat(submit(driver, "archive-stage-de-voile")).isEqualTo("Offre « stage-de-voile » archivée : les payeurs ne la voient plus.");
        assertThat(driver.findElement(By.id("offer-stage-de-voile")).getText()).contains("archivée");
        driver.get(base() + "/");
        assertThat(driver.findElements(By.linkText("Stage de voile"))).isEmpty();
        driver.get(base() + "/offers/stage-de-voile");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Cette offre n'est plus proposée");
        assertThat(new Browser(URI.create(base())).get("/offers/stage-de-voile").status()).isEqualTo(410);
        assertThat(gateway.getBean(JdbcClient.class).sql("SELECT action FROM audit_events WHERE action LIKE 'offer.%'"
                + " AND actor = 'tresoriere' ORDER BY id").query(String.class).list())
                .containsExactly("offer.created", "offer.updated", "offer.archived");

        // the walkthrough's own test payment, 1 €, paid on HelloAsso's page like any payer
        driver.get(base() + "/admin/going-live");
        driver.findElement(By.id("test-payment")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cardNumber")));
        assertThat(driver.findElement(By.id("item-name")).getText()).isEqualTo("Paiement de test Passerelle");
        type(driver, "firstName", "Paul");
        type(driver, "lastName", "Martin");
        type(driver, "email", "tresorier@example.org");
        driver.findElement(By.id("cardNumber")).sendKeys("4242 4242 4242 4242");
        driver.findElement(By.id("pay")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("status")));
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("Payée");
        String testOrder = driver.getCurrentUrl().replaceAll(".*/orders/([0-9a-f-]{36}).*", "$1");
        assertThat(gateway.getBean(OrderRepository.class).find(testOrder).orElseThrow().status()).isEqualTo(OrderStatus.PAID);
        driver.get(base() + "/admin/going-live");
        assertThat(driver.findElement(By.id("last-paid")).getText()).contains("1,00");
    }

    @Test
    void aSetUpLinkExpiresAndTwoLinksUsedAtOnceMakeOneAdmin(CapturedOutput output) throws Exception {
        start();
        String printed = setUpLink(output);
        AdminAccounts accounts = gateway.getBean(AdminAccounts.class);
        MutableClock clock = gateway.getBean(MutableClock.class);

        clock.advance(AdminAccounts.LINK_VALIDITY.plusMinutes(1));
        Browser visitor = new Browser(URI.create(base()));
        assertThat(visitor.get(printed).status()).as("expired").isEqualTo(410);
        Browser.Page late = visitor.post(printed, Map.of("username", "tard", "password", "une phrase assez longue",
                "confirmation", "une phrase assez longue"));
        assertThat(late.status()).isEqualTo(410);

        // a restart would print a new link; two of them used at the same moment make one admin, not two
        List<String> tokens = List.of(accounts.newSetupToken(), accounts.newSetupToken(), accounts.newSetupToken());
        ExecutorService threads = Executors.newFixedThreadPool(tokens.size());
        List<Callable<AdminAccounts.Setup>> uses = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String name = "admin" + i;
            uses.add(() -> accounts.createFirstAdmin(token, name, "une phrase assez longue " + name, "127.0.0.1"));
        }
        List<AdminAccounts.Setup> results = new ArrayList<>();
        for (Future<AdminAccounts.Setup> result : threads.invokeAll(uses)) {
            results.add(result.get());
        }
        threads.shutdown();
        assertThat(results).containsOnlyOnce(AdminAccounts.Setup.CREATED)
                .containsOnly(AdminAccounts.Setup.CREATED, AdminAccounts.Setup.ALREADY_DONE);
        assertThat(gateway.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM admin_accounts").query(Long.class)
                .single()).isEqualTo(1);
        assertThat(visitor.get("/admin/login").body()).doesNotContain("waiting-for-first-admin");
        assertThat(output.getOut()).doesNotContain("une phrase assez longue");
    }

    private void logIn(WebDriver driver, String username, String password) {
        driver.get(base() + "/admin/login");
        type(driver, "username", username);
        type(driver, "password", password);
        driver.findElement(By.id("login")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("admin-user")));
    }

    /**
     * Clicks an action's button and answers the message the console shows after it, read on the page the action
     * leads to (not on the page that is going away, which may show the previous action's message).
     */
    private static String submit(WebDriver driver, String buttonId) {
        WebElement leaving = driver.findElement(By.tagName("html"));
        driver.findElement(By.id(buttonId)).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        // Chromium may also say of an element of the page going away "Node ... does not belong to the document"
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.WebDriverException.class);
        wait.until(Chromium.pageLeft(leaving));
        return wait.until(d -> d.findElement(By.id("flash")).getText());
    }

    private static WebElement step(WebDriver driver, String name) {
        return driver.findElement(By.id("step-" + name));
    }

    private static void type(WebDriver driver, String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }
}
