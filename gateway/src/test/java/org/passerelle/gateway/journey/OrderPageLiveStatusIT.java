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
