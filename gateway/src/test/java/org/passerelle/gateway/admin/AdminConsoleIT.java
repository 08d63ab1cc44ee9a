package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.Chromium;
import org.passerelle.gateway.support.BrowserTestSupport;

/**
 * A treasurer in a real browser (Debian's Chromium): logs in, finds a payment whose notification was lost, opens its
 * timeline, checks it with HelloAsso, exports the orders as CSV, and creates an API key for a host application.
 */
class AdminConsoleIT extends BrowserTestSupport {


    @Test
    void aTreasurerFindsAnOrderChecksItExportsTheListAndCreatesAnApiKey() {
        emulator().control().dropNotifications(true);
        Placed placed;
        try {
            Browser payer = browser();
            placed = placeOrder(payer, "adhesion-2026", "email", "louise.browser@example.org", "firstName", "Louise");
            goToHelloAsso(payer, placed);
            emulator().control().pay(order(placed.orderId()).checkoutIntentId());
        } finally {
            emulator().control().dropNotifications(false);
        }

        // an anonymous visit ends on the login page; logging in goes back to the page asked for
        driver.get(url("/admin/orders?lang=fr"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        driver.findElement(By.id("username")).sendKeys(ADMIN);
        driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
        driver.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("order-filters")));
        assertThat(driver.findElement(By.id("admin-user")).getText()).isEqualTo(ADMIN);

        driver.findElement(By.id("q")).sendKeys("louise.browser");
        driver.findElement(By.id("search")).click();
        wait.until(ExpectedConditions.textToBe(By.id("order-count"), "1 commande"));
        driver.findElement(By.cssSelector("tr[data-order='" + placed.orderId() + "'] a.order-link")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        assertThat(driver.findElement(By.id("order-status")).getText()).isEqualTo("Paiement en attente");
        assertThat(driver.findElement(By.id("timeline")).getText()).contains("Commande créée")
                .contains("Page de paiement créée");

        driver.findElement(By.id("check-now")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("flash")));
        assertThat(driver.findElement(By.id("flash")).getText()).contains("HelloAsso confirme le paiement");
        assertThat(driver.findElement(By.id("order-status")).getText()).isEqualTo("Payée");
        assertThat(driver.findElement(By.id("timeline")).getText()).contains("Paiement vérifié auprès de HelloAsso")
                .contains("Vérification demandée depuis la console");
        assertThat(driver.findElement(By.id("receipt")).getAttribute("href")).startsWith("http");
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);

        // the export link carries the list's filters; the browser's session fetches it
        driver.findElement(By.linkText("← Commandes")).click();
        driver.findElement(By.id("q")).sendKeys("louise.browser");
        driver.findElement(By.id("search")).click();
        wait.until(ExpectedConditions.textToBe(By.id("order-count"), "1 commande"));
        String href = driver.findElement(By.id("export")).getAttribute("href");
        assertThat(href).contains("/admin/orders/export").contains("q=louise.browser");
        @SuppressWarnings("unchecked")
        List<Object> csv = (List<Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.arrayBuffer()).then(buffer => {
                  const bytes = new Uint8Array(buffer);
                  done([Array.from(bytes.slice(0, 3)), new TextDecoder('utf-8').decode(bytes)]);
                });
                """, href);
        assertThat((List<?>) csv.get(0)).map(n -> ((Number) n).intValue()).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat((String) csv.get(1)).contains(placed.orderId() + ";").contains(";Payée;Adhésion annuelle 2026;25,00;")
                .contains("louise.browser@example.org");

        // a key for a host application: shown once, and it opens the API
        driver.findElement(By.linkText("Clés d'API")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("key-name")));
        driver.findElement(By.id("key-name")).sendKeys("Site de l'association");
        driver.findElement(By.id("create-key-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("new-key-secret")));
        String secret = driver.findElement(By.id("new-key-secret")).getText();
        assertThat(secret).startsWith("pk_");
        assertThat(new ApiClient(port, secret).get("/api/v1/orders").status()).isEqualTo(200);
        driver.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("keys")));
        assertThat(driver.findElements(By.id("new-key-secret"))).as("shown once").isEmpty();
        assertThat(driver.findElement(By.id("keys")).getText()).contains("Site de l'association")
                .contains(secret.substring(0, 8)).doesNotContain(secret);
    }
}
