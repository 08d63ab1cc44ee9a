package org.passerelle.gateway.refund;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.Chromium;
import org.passerelle.gateway.support.BrowserTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The refund panel of the admin order page in a real browser (Debian's Chromium): a treasurer refunds part of a paid
 * order and sees it listed with the order partially refunded; a viewer sees the refunds but no form to make one.
 */
class RefundConsoleIT extends BrowserTestSupport {

    @Autowired
    PaymentVerifier verifier;
    @Autowired
    RefundLedger ledger;

    /** A paid order of the 40 € offer, paid through the emulated HelloAsso and read back. */
    private String paidOrder() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);
        emulator().control().pay(order(placed.orderId()).checkoutIntentId());
        assertThat(verifier.verify(placed.orderId(), VerificationSource.POLLER, null).isPaid()).isTrue();
        return placed.orderId();
    }

    /** Logs in through the login page, asked for by the order page, and lands on that page. */
    private void openAs(String username, String password, String orderId) {
        driver.manage().deleteAllCookies();
        driver.get("http://localhost:" + port + "/admin/orders/" + orderId + "?lang=fr");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("refund-panel")));
        assertThat(driver.findElement(By.id("admin-user")).getText()).isEqualTo(username);
    }

    private String orderStatus() {
        return driver.findElement(By.id("order-status")).getAttribute("data-status");
    }

    @Test
    void aTreasurerRefundsPartOfAPaidOrderFromItsPageAndAViewerCannot() {
        String orderId = paidOrder();

        openAs(ADMIN, ADMIN_PASSWORD, orderId);
        assertThat(orderStatus()).isEqualTo("PAID");
        assertThat(driver.findElements(By.id("refund-list"))).as("no refund yet").isEmpty();
        driver.findElement(By.id("refund-amount")).sendKeys("12,50");
        driver.findElement(By.id("refund-reason")).sendKeys("Atelier écourté");
        WebElement submit = driver.findElement(By.id("refund-submit"));
        submit.click();
        wait.until(Chromium.pageLeft(submit));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("refund-notice")));

        assertThat(driver.findElement(By.id("refund-notice")).getText())
                .isEqualTo("Remboursement de 12,50 € enregistré par HelloAsso.");
        assertThat(orderStatus()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED.name());
        assertThat(driver.findElement(By.id("order-status")).getText()).isEqualTo("Partiellement remboursée");
        WebElement row = driver.findElement(By.cssSelector("#refund-list tbody tr"));
        assertThat(row.getAttribute("data-status")).isEqualTo("SUCCEEDED");
        assertThat(row.getText()).contains("12,50").contains("Remboursé").contains("Atelier écourté").contains(ADMIN);
        assertThat(driver.findElement(By.id("refund-summary")).getText()).startsWith("12,50");
        assertThat(ledger.committed(orderId)).isEqualTo(1250);
        // the form is still there for what is left
        assertThat(driver.findElements(By.id("refund-form"))).hasSize(1);

        openAs(VIEWER, VIEWER_PASSWORD, orderId);
        assertThat(orderStatus()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED.name());
        assertThat(driver.findElement(By.cssSelector("#refund-list tbody tr")).getText()).contains("Atelier écourté");
        assertThat(driver.findElements(By.id("refund-form"))).as("a viewer cannot refund").isEmpty();
        assertThat(driver.findElements(By.id("refund-amount"))).isEmpty();
        assertThat(driver.findElements(By.id("settle-form"))).isEmpty();
        assertThat(driver.findElements(By.id("cancel-instalments-form"))).isEmpty();
        assertThat(ledger.committed(orderId)).isEqualTo(1250);
    }
}
