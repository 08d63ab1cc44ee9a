package org.passerelle.gateway.support;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A test of the shared gateway in a real Chromium: a browser per test, in one language, closed after it. */
public abstract class BrowserTestSupport extends GatewayTestSupport {

    protected Chromium chromium;
    protected ChromeDriver driver;
    protected WebDriverWait wait;

    /** The browser's language (its Accept-Language). */
    protected String browserLanguage() {
        return "fr-FR";
    }

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = Chromium.start(browserLanguage());
        driver = chromium.driver();
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }
}
