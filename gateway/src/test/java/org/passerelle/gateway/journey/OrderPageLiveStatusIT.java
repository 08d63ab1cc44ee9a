package org.passerelle.gateway.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.Chromium;
import org.passerelle.gateway.support.GatewayTestSupport;

/**
 * The payer's order page in a real browser, left open while the payment is pending: it turns to paid by itself when
 * the payment completes elsewhere (the payer never comes back through HelloAsso's return), without a reload; with
 * polling when the browser has no server-sent events; and without JavaScript, "Vérifier maintenant" and a refresh.
 */
class OrderPageLiveStatusIT extends GatewayTestSupport {

    private static final String PENDING = "Paiement en attente";
    private static final String PAID = "Payée";
    /** The emulator's card whose payment waits for the bank (WaitingBankValidation) until settled. */
    private static final String BANK_VALIDATION_CARD = "4000000000000077";

    @AfterEach
    void notificationsBack() {
        emulator().control().dropNotifications(false);
    }

    /** A PENDING order (checkout started on HelloAsso, not paid), opened in the browser with its link. */
    private Placed openPending(WebDriver driver) {
        return openPending(driver, "");
    }

    /** The same, opened as the gateway shows it after a return from HelloAsso with this {@code notice}. */
    private Placed openPending(WebDriver driver, String notice) {
        var payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);
        driver.get("http://localhost:" + port + "/orders/" + placed.orderId() + "?t=" + placed.token() + "&lang=fr"
                + (notice.isEmpty() ? "" : "&notice=" + notice));
        assertThat(text(driver, "status")).isEqualTo(PENDING);
        assertThat(driver.findElement(By.id("check-payment")).getText()).isEqualTo("Vérifier maintenant");
        return placed;
    }

    private void payOutOfBand(Placed placed) {
        emulator().control().pay(order(placed.orderId()).checkoutIntentId());
    }

    @Test
    void thePageLeftOpenTurnsPaidByItselfWhenTheNotificationArrives() throws Exception {
        try (Chromium chromium = Chromium.start()) {
            ChromeDriver driver = chromium.driver();
            // the payer came back with the card refused (or so the return said): HelloAsso has confirmed nothing yet
            Placed placed = openPending(driver, "not-confirmed");
            assertThat(driver.findElement(By.id("notice")).isDisplayed()).isTrue();
            assertThat(driver.findElement(By.id("pay")).getText()).isEqualTo("Réessayer le paiement");
            driver.executeScript("window.leftOpen = 'still the same page';");

            payOutOfBand(placed);

            new WebDriverWait(driver, Duration.ofSeconds(20))
                    .until(ExpectedConditions.textToBe(By.id("status"), PAID));
            assertThat(driver.findElement(By.id("notice")).isDisplayed()).as("'not confirmed' is no longer true")
                    .isFalse();
            assertThat(driver.executeScript("return window.leftOpen;")).as("no reload")
                    .isEqualTo("still the same page");
            assertThat(driver.findElement(By.id("paid-thanks")).isDisplayed()).isTrue();
            assertThat(driver.findElement(By.id("check-payment")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("waiting")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("receipt")).isDisplayed()).isTrue();
            assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.verified"))
                    .singleElement().satisfies(e -> assertThat(e.message()).contains("(notification)"));
        }
    }

    @Test
    void withoutServerSentEventsThePagePollsAndStillTurnsPaid() throws Exception {
        try (Chromium chromium = Chromium.start()) {
            ChromeDriver driver = chromium.driver();
            // an old browser, or a proxy that breaks event streams: the script falls back to polling every 10 s
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                    Map.of("source", "delete window.EventSource;"));
            Placed placed = openPending(driver);
            assertThat(driver.executeScript("return typeof window.EventSource;")).isEqualTo("undefined");
            driver.executeScript("window.leftOpen = 'still the same page';");

            payOutOfBand(placed);
            await().atMost(Duration.ofSeconds(10)).until(() -> order(placed.orderId()).status() == OrderStatus.PAID);

            new WebDriverWait(driver, Duration.ofSeconds(25))
                    .until(ExpectedConditions.textToBe(By.id("status"), PAID));
            assertThat(driver.executeScript("return window.leftOpen;")).as("no reload")
                    .isEqualTo("still the same page");
            assertThat(driver.findElement(By.id("paid-thanks")).isDisplayed()).isTrue();
        }
    }

    @Test
    void withoutJavaScriptTheCheckButtonAndARefreshStillWork() throws Exception {
        try (Chromium chromium = Chromium.withoutJavaScript()) {
            ChromeDriver driver = chromium.driver();

            // the notification is lost: the payer asks
            emulator().control().dropNotifications(true);
            Placed asked = openPending(driver);
            payOutOfBand(asked);
            driver.findElement(By.id("check-payment")).click();
            new WebDriverWait(driver, Duration.ofSeconds(20))
                    .until(ExpectedConditions.textToBe(By.id("status"), PAID));
            assertThat(driver.findElement(By.tagName("main")).getText()).contains("Paiement confirmé par HelloAsso.");
            assertThat(order(asked.orderId()).status()).isEqualTo(OrderStatus.PAID);

            // the notification arrives: nothing moves without JavaScript, a refresh shows it
            emulator().control().dropNotifications(false);
            Placed refreshed = openPending(driver);
            payOutOfBand(refreshed);
            await().atMost(Duration.ofSeconds(15)).until(() -> order(refreshed.orderId()).status() == OrderStatus.PAID);
            assertThat(text(driver, "status")).isEqualTo(PENDING);
            driver.navigate().refresh();
            assertThat(text(driver, "status")).isEqualTo(PAID);
            assertThat(driver.findElements(By.id("check-payment"))).isEmpty();
        }
    }

    /**
     * A payment HelloAsso shows waiting for the payer's bank (issue 15): the page says so in place of "pay again"
     * (HelloAsso's page would only answer "already paid"), /pay leads back to it, the console says it too, and the
     * page turns paid by itself when the bank validates.
     */
    @Test
    void aPaymentInTheBanksHandsIsSaidSoWithoutAWayToPayAgainUntilTheBankAnswers() throws Exception {
        var payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        Browser.Page back = payOnHelloAsso(payer, goToHelloAsso(payer, placed), BANK_VALIDATION_CARD);
        Browser.Page returned = payer.get(back.next());
        assertThat(returned.location()).startsWith("/orders/" + placed.orderId());
        assertThat(order(placed.orderId()).status()).as("nothing is paid before HelloAsso shows it Authorized")
                .isEqualTo(OrderStatus.PENDING);
        String notice = returned.location().replaceFirst(".*notice=", "");
        try (Chromium chromium = Chromium.start()) {
            ChromeDriver driver = chromium.driver();
            driver.get("http://localhost:" + port + "/orders/" + placed.orderId() + "?t=" + placed.token()
                    + "&lang=fr&notice=" + notice);
            driver.executeScript("window.leftOpen = 'still the same page';");
            // HelloAsso's notifications name the order waiting for the bank: read back, it is recorded
            new WebDriverWait(driver, Duration.ofSeconds(20))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("awaiting-bank")));
            assertThat(order(placed.orderId()).awaitingBank()).isTrue();
            assertThat(text(driver, "awaiting-bank")).startsWith("Votre banque est en train de valider votre paiement")
                    .contains("inutile de payer à nouveau");
            assertThat(text(driver, "status")).isEqualTo(PENDING);
            assertThat(driver.findElements(By.id("pay")).stream().noneMatch(e -> e.isDisplayed()))
                    .as("no 'Reprendre le paiement'").isTrue();
            assertThat(driver.findElements(By.id("notice")).stream().noneMatch(e -> e.isDisplayed()))
                    .as("'not confirmed, pay again' is not true").isTrue();
            assertThat(driver.findElement(By.tagName("main")).getText()).doesNotContain("Reprendre le paiement");

            // reloaded, the page says the same; and /pay never sends the payer to HelloAsso's "already paid"
            assertThat(payer.get("/orders/" + placed.orderId() + "?lang=fr&notice=not-confirmed").body())
                    .contains("id=\"awaiting-bank\"").contains("valider votre paiement\u00A0: cela")
                    .contains("id=\"pay-again\" hidden").doesNotContain("id=\"notice\"");
            Browser.Page pay = payer.get("/pay/" + placed.orderId() + "?t=" + placed.token());
            assertThat(pay.status()).isEqualTo(303);
            assertThat(pay.location()).isEqualTo("/orders/" + placed.orderId());
            assertThat(payer.get("/orders/" + placed.orderId() + "/payment-status").body())
                    .contains("\"status\":\"PENDING\"").contains("\"awaitingBank\":true");
            assertThat(admin(ADMIN, ADMIN_PASSWORD).get("/admin/orders/" + placed.orderId() + "?lang=fr").body())
                    .contains("id=\"awaiting-bank\"").contains("Paiement en cours de validation par la banque du payeur")
                    .contains("Paiement en attente de validation par la banque");

            emulator().control().settleBankValidations();

            new WebDriverWait(driver, Duration.ofSeconds(20))
                    .until(ExpectedConditions.textToBe(By.id("status"), PAID));
            assertThat(driver.executeScript("return window.leftOpen;")).as("no reload").isEqualTo("still the same page");
            assertThat(driver.findElement(By.id("awaiting-bank")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("paid-thanks")).isDisplayed()).isTrue();
            assertThat(order(placed.orderId()).awaitingBankSince()).isNull();
            assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.awaiting_bank")).hasSize(1);
            assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.verified")).hasSize(1);
        }
    }

    /** The bank says no: the order is refused as HelloAsso shows it, and the payer may pay again (a new checkout). */
    @Test
    void aPaymentTheBankRefusesFailsTheOrderAndThePayerCanPayAgain() {
        var payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        payer.get(payOnHelloAsso(payer, goToHelloAsso(payer, placed), BANK_VALIDATION_CARD).next());
        await().atMost(Duration.ofSeconds(15)).until(() -> order(placed.orderId()).awaitingBank());
        long firstIntent = order(placed.orderId()).checkoutIntentId();

        emulator().control().refuseBankValidations();

        await().atMost(Duration.ofSeconds(15)).until(() -> order(placed.orderId()).status() == OrderStatus.FAILED);
        assertThat(order(placed.orderId()).awaitingBankSince()).isNull();
        String page = payer.get("/orders/" + placed.orderId() + "?lang=fr").body();
        assertThat(page).contains("Paiement refusé").contains("id=\"pay-again\">").contains("Réessayer le paiement")
                .doesNotContain("id=\"awaiting-bank\"");
        Browser.Page pay = payer.get("/pay/" + placed.orderId() + "?t=" + placed.token());
        assertThat(pay.status()).isEqualTo(303);
        assertThat(pay.location()).as("to HelloAsso again").doesNotStartWith("/orders/");
        assertThat(order(placed.orderId()).checkoutIntentId()).as("a new checkout").isNotEqualTo(firstIntent);
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.refused")).hasSize(1);
    }

    /** What the page says after each return from HelloAsso stays true, and the page has an icon. */
    @Test
    void thePageSaysNoMoreThanItKnows() {
        var payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);
        String page = "/orders/" + placed.orderId() + "?t=" + placed.token() + "&lang=fr&notice=";

        String back = payer.get(page + "back").body();
        assertThat(back).as("back without paying: no check is running").doesNotContain("id=\"waiting\"")
                .contains("Reprendre le paiement");
        assertThat(payer.get(page + "refused").body()).contains("Réessayer le paiement");
        assertThat(payer.get(page + "pending").body()).contains("id=\"waiting\"").contains("Reprendre le paiement");

        assertThat(back).contains("rel=\"icon\"");
        var icon = payer.get("/favicon.svg");
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.body()).startsWith("<svg");
    }

    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }
}
