package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.support.Chromium;
import org.passerelle.gateway.support.BrowserTestSupport;
import org.passerelle.gateway.support.Screenshots;

/**
 * The console as a treasurer sees it in Chromium, at desktop and phone widths: the navigation on one row at 1280 px,
 * no page wider than a 375 px phone, empty states instead of bare table headers, alarms never in a green box, and the
 * checkout that paid not tagged "current". With {@code -Dscreenshots=true} it also takes the pictures of README.md and
 * docs/operations.md (payer journey and console) into docs/images/.
 */
class ConsoleLayoutIT extends BrowserTestSupport {

    private static final List<String> CONSOLE_PAGES = List.of("/admin", "/admin/orders", "/admin/offers",
            "/admin/events", "/admin/reconciliation", "/admin/notifications", "/admin/webhooks", "/admin/moodle",
            "/admin/api-keys", "/admin/organizations", "/admin/users", "/admin/settings", "/admin/going-live");

    @Override
    protected String browserLanguage() {
        return "en-GB";
    }


    private Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    private void open(String path) {
        driver.get(url(path));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
    }

    @Test
    void aPayerPaysAndTheTreasurerReadsTheConsoleAtDesktopAndPhoneWidths() {
        // the payer's journey, as pictured in the README
        Screenshots.desktop(driver, 1024, 760);
        open("/offers/atelier-initiation?lang=en");
        driver.findElement(By.id("firstName")).sendKeys("Marie");
        driver.findElement(By.id("lastName")).sendKeys("Curie");
        driver.findElement(By.id("email")).sendKeys("marie.curie@example.org");
        new Select(driver.findElement(By.id("country"))).selectByValue("FRA");
        Screenshots.take(driver, "payer-offer");
        driver.findElement(By.id("pay")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cardNumber")));
        driver.findElement(By.id("cardNumber")).sendKeys("4242 4242 4242 4242");
        driver.findElement(By.id("pay")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Paid"));
        String orderId = driver.getCurrentUrl().replaceAll(".*/orders/([0-9a-f-]{36}).*", "$1");
        Screenshots.take(driver, "payer-order-paid");

        // an order HelloAsso took while its notification was lost: Passerelle still says pending, HelloAsso paid
        emulator().control().dropNotifications(true);
        Placed lost;
        try {
            var payer = browser();
            lost = placeOrder(payer, "adhesion-2026", "email", "lost.notification@example.org");
            goToHelloAsso(payer, lost);
            emulator().control().pay(order(lost.orderId()).checkoutIntentId());
        } finally {
            emulator().control().dropNotifications(false);
        }

        // a fraud signal for the dashboard to show
        audit.record(AuditEvent.fraud(null, AuditAction.FRAUD_MANY_FAILURES_IP).message("8 failed payments from one address"));

        Screenshots.desktop(driver, 1280, 800);
        open("/admin/login?lang=en");
        driver.findElement(By.id("username")).sendKeys(ADMIN);
        driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
        driver.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("admin-nav")));

        // at 1280 px every link of the navigation sits on one row, on every page
        for (String page : CONSOLE_PAGES) {
            open(page);
            @SuppressWarnings("unchecked")
            List<Number> tops = (List<Number>) js(
                    "return Array.from(document.querySelectorAll('#admin-nav a')).map(a => a.getBoundingClientRect().top);");
            assertThat(tops).as(page + ": the links of the navigation").hasSize(CONSOLE_PAGES.size());
            assertThat(tops.stream().map(Number::intValue).distinct()).as(page + ": one row").hasSize(1);
            assertThat(((Number) js("return document.getElementById('admin-nav').getBoundingClientRect().height;"))
                    .doubleValue()).as(page + ": as tall as one link").isLessThan(50);
            assertThat(pageOverflow()).as(page + " at 1280 px").isLessThanOrEqualTo(0);
            assertThat(driver.findElements(By.cssSelector("#admin-nav a[aria-current='page']"))).as(page + ": one current page")
                    .hasSize(1);
        }

        open("/admin");
        // other tests of this run may have paid orders too: at least this one's €40.00 today
        assertThat(driver.findElement(By.id("chart-total")).getText())
                .matches("Total over 30 days: €[0-9,]+\\.[0-9]{2} \\([0-9]+ day\\(s\\) with payments\\)");
        assertThat(driver.findElement(By.id("chart-max")).getText()).matches("€[0-9,]+\\.[0-9]{2}").isNotEqualTo("€0.00");
        assertThat(driver.findElement(By.id("chart-best")).getText()).startsWith("— best day: ");
        @SuppressWarnings("unchecked")
        List<Number> bars = (List<Number>) js(
                "return Array.from(document.querySelectorAll('#chart rect')).map(r => r.getBoundingClientRect().height);");
        assertThat(bars).hasSize(30);
        assertThat(bars.get(29).doubleValue()).as("today's bar").isGreaterThan(0);
        assertThat(bars.stream().mapToDouble(Number::doubleValue).max().orElse(0)).as("the tallest fills the plot")
                .isGreaterThan(100);
        // the alarm is red, never in a green box
        assertThat(driver.findElement(By.id("fraud")).getAttribute("class")).contains("alarm");
        assertThat(insideSuccess("#fraud, #fraud li, .outcome-fraud_detected, .outcome-error, tr.mismatch")).isZero();
        Screenshots.take(driver, "console-dashboard");
        js("document.getElementById('chart-title').scrollIntoView();");
        Screenshots.take(driver, "console-chart");

        open("/admin/events?preset=fraud");
        assertThat(driver.findElements(By.cssSelector(".outcome-fraud_detected"))).isNotEmpty();
        assertThat(insideSuccess(".outcome-fraud_detected")).isZero();
        assertThat(driver.findElement(By.id("preset-fraud")).getAttribute("class")).contains("current");

        // the reconciliation report says what it compares, and a difference is red, not green
        String today = java.time.LocalDate.now(clock.withZone(java.time.ZoneId.of("Europe/Paris"))).toString();
        open("/admin/reconciliation/report?from=" + today + "&to=" + today + "&lang=en");
        assertThat(driver.findElements(By.id("report-lines"))).as(driver.findElement(By.tagName("main")).getText()
                + " / order " + order(lost.orderId()).status()).isNotEmpty();
        assertThat(driver.findElement(By.cssSelector("#report-lines thead")).getText())
                .contains("Passerelle order").contains("HelloAsso order").contains("Amount at Passerelle")
                .contains("Amount at HelloAsso").contains("State: Passerelle / HelloAsso");
        // (other tests of the run may leave differences of their own)
        var difference = driver.findElements(By.cssSelector("#report-lines tr[data-kind='STATE_MISMATCH']")).stream()
                .filter(row -> row.getText().contains(lost.orderId())).findFirst()
                .orElseThrow(() -> new AssertionError("no difference for " + lost.orderId() + " in "
                        + driver.findElement(By.tagName("main")).getText()));
        assertThat(difference.getText()).contains("Payment pending / ");
        assertThat(difference.getAttribute("class")).contains("mismatch");
        assertThat(driver.findElements(By.id("report-clean"))).isEmpty();
        assertThat(insideSuccess("#report-lines, tr.mismatch")).isZero();
        assertThat(pageOverflow()).as("the report at 1280 px").isLessThanOrEqualTo(0);

        // the checkout that paid says so; it is not "current" any more
        open("/admin/orders/" + orderId);
        assertThat(driver.findElement(By.id("order-status")).getText()).isEqualTo("Paid");
        assertThat(driver.findElement(By.id("order-facts")).getText()).contains("paid the order")
                .doesNotContain("current");
        Screenshots.take(driver, "console-order");

        // a filter that matches nothing says so instead of showing bare headers
        open("/admin/orders?q=nobody-has-this-name");
        assertThat(driver.findElement(By.id("orders-empty")).getText()).isEqualTo("No order matches these filters.");
        assertThat(driver.findElements(By.id("orders"))).isEmpty();
        open("/admin/events?action=nothing.such&from=2001-01-01&to=2001-01-02");
        assertThat(driver.findElement(By.id("events-empty")).isDisplayed()).isTrue();
        assertThat(driver.findElements(By.cssSelector("table#events"))).isEmpty();

        // a phone: nothing wider than the screen; wide tables scroll inside themselves; the menu wraps in rows
        Screenshots.phone(driver, 375, 800);
        for (String page : CONSOLE_PAGES) {
            open(page);
            assertThat(pageOverflow()).as(page + " at 375 px: scrollWidth - innerWidth").isLessThanOrEqualTo(0);
        }
        open("/admin/orders/" + orderId);
        assertThat(pageOverflow()).as("the order page at 375 px").isLessThanOrEqualTo(0);
        open("/admin/reconciliation/report?from=" + today + "&to=" + today);
        assertThat(pageOverflow()).as("the reconciliation report at 375 px").isLessThanOrEqualTo(0);
        open("/admin");
        assertThat(pageOverflow()).as("the dashboard at 375 px").isLessThanOrEqualTo(0);
        Screenshots.take(driver, "console-dashboard-phone");
        assertThat(((Number) js("return document.getElementById('by-status').getBoundingClientRect().right;"))
                .doubleValue()).as("the table stays on the screen").isLessThanOrEqualTo(375);
        @SuppressWarnings("unchecked")
        List<Number> lefts = (List<Number>) js(
                "return Array.from(document.querySelectorAll('#admin-nav a')).map(a => a.getBoundingClientRect().right);");
        assertThat(lefts).allSatisfy(right -> assertThat(right.doubleValue()).isLessThanOrEqualTo(375));
        // in French too (the longer words), every link of the menu shows its whole label
        open("/admin?lang=fr");
        @SuppressWarnings("unchecked")
        List<Boolean> clipped = (List<Boolean>) js(
                "return Array.from(document.querySelectorAll('#admin-nav a')).map(a => a.scrollWidth > a.clientWidth);");
        assertThat(clipped).as("a label cut by the phone's menu").containsOnly(false);
        assertThat(pageOverflow()).as("the dashboard in French at 375 px").isLessThanOrEqualTo(0);
        open("/admin?lang=en");
    }

    /** How many CSS pixels the page is wider than the window (0 or less: no horizontal scrolling). */
    private long pageOverflow() {
        return ((Number) js("return document.documentElement.scrollWidth - window.innerWidth;")).longValue();
    }

    private long insideSuccess(String selector) {
        return ((Number) js("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".filter(e => e.closest('.success, .alert.success, .status-PAID, .outcome-success') !== null).length;",
                selector)).longValue();
    }
}
