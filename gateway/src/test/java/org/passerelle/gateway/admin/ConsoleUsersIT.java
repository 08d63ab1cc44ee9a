package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.BrowserTestSupport;
import org.passerelle.gateway.support.Chromium;

/**
 * A super-admin in a real browser (Debian's Chromium) manages the console's users (issue 18): opens *Users* from the
 * navigation, makes a mistake in the creation form and sees it on the form, creates a treasurer of the linked
 * association, then makes them VIEWER and finally deletes them, while that treasurer, logged in elsewhere, finds each
 * change applied at their next click.
 */
class ConsoleUsersIT extends BrowserTestSupport {

    private static final String PASSWORD = "a long console passphrase";

    @Override
    protected String browserLanguage() {
        return "en-GB";
    }

    private void submit(String buttonId) {
        submitWith(driver.findElement(By.id(buttonId)));
    }

    private void submitIn(WebElement form) {
        submitWith(form.findElement(By.cssSelector("button[type=submit]")));
    }

    /** Clicks, then waits for the next page (every form here leads to the users' page, or the console's). */
    private void submitWith(WebElement button) {
        button.click();
        wait.until(Chromium.pageLeft(button));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("admin-nav")));
    }

    private WebElement row(String username) {
        return driver.findElement(By.cssSelector("#stored-users tr[data-user='" + username + "']"));
    }

    @Test
    void aSuperAdminCreatesATreasurerOfOneAssociationThenChangesAndDeletesThem() {
        linkOtherOrganization();
        String name = "tresorier-" + (System.nanoTime() % 1_000_000);

        driver.get(url("/admin/login"));
        driver.findElement(By.id("username")).sendKeys(ADMIN);
        driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
        submit("login");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#admin-nav a[href='/admin/users']")))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("create-user")));
        assertThat(driver.findElement(By.cssSelector("#admin-nav a[aria-current='page']")).getText()).isEqualTo("Users");
        assertThat(driver.findElement(By.id("configured-users")).getText()).contains(ADMIN).contains("super-admin");

        // a password too short: said on its field, the user name kept, nothing created
        driver.findElement(By.id("username")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys("short");
        driver.findElement(By.id("confirmation")).sendKeys("short");
        submit("create-user-button");
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password-error"))).getText()).contains("12 to 72 characters");
        assertThat(driver.findElement(By.id("password")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.findElement(By.id("username")).getDomProperty("value")).isEqualTo(name);
        assertThat(driver.findElement(By.id("password")).getDomProperty("value")).isEmpty();
        assertThat(driver.findElements(By.cssSelector("#stored-users tr[data-user='" + name + "']"))).isEmpty();

        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("confirmation")).sendKeys(PASSWORD);
        new Select(driver.findElement(By.id("organization"))).selectByValue(OTHER_ORGANIZATION);
        new Select(driver.findElement(By.id("role"))).selectByValue("ADMIN");
        submit("create-user-button");
        assertThat(driver.findElement(By.id("flash")).getText()).isEqualTo("User " + name + " created.");
        assertThat(row(name).getText()).contains("ADMIN of");

        Browser treasurer = admin(name, PASSWORD);
        Map<String, String> newKey = Browser.form("name", "made by the treasurer", "organization", OTHER_ORGANIZATION);
        assertThat(treasurer.post("/admin/api-keys", newKey).status()).isEqualTo(303);

        // VIEWER of it now: their next change is refused, in the session they have
        WebElement roleForm = row(name).findElement(By.cssSelector("form.role-form"));
        new Select(roleForm.findElement(By.name("organization"))).selectByValue(OTHER_ORGANIZATION);
        new Select(roleForm.findElement(By.name("role"))).selectByValue("VIEWER");
        submitIn(roleForm);
        assertThat(driver.findElement(By.id("flash")).getText()).contains("applies at their next click");
        assertThat(row(name).getText()).contains("VIEWER of");
        assertThat(treasurer.post("/admin/api-keys", newKey).status()).isEqualTo(403);
        assertThat(treasurer.get("/admin/orders").status()).isEqualTo(200);

        // deleted: out at their next click
        submitIn(row(name).findElement(By.cssSelector("form[action$='/delete']")));
        assertThat(driver.findElement(By.id("flash")).getText()).isEqualTo(name + " is deleted and logged out.");
        assertThat(driver.findElements(By.cssSelector("#stored-users tr[data-user='" + name + "']"))).isEmpty();
        Browser.Page out = treasurer.get("/admin/orders");
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.location()).endsWith("/admin/login");
    }
}
