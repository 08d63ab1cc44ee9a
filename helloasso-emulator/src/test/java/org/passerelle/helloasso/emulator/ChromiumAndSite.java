package org.passerelle.helloasso.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, and a tiny site on 127.0.0.1 whose every page names its own path (where the browser
 * was sent back to: a shop's return page, a partner's callback). Skips the test class when Chromium is missing.
 */
final class ChromiumAndSite implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final HttpServer site;
    private final Path profile;
    private final WebDriver browser;

    private ChromiumAndSite(HttpServer site, Path profile, WebDriver browser) {
        this.site = site;
        this.profile = profile;
        this.browser = browser;
    }

    static ChromiumAndSite start(String siteTitle) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "SKIPPED: chromium or chromedriver missing; install them with: apt-get install -y chromium chromium-driver");
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            try (exchange) {
                byte[] page = ("<!DOCTYPE html><title>" + siteTitle + "</title><h1 id=\"where\">"
                        + exchange.getRequestURI().getPath() + "</h1>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            }
        });
        site.start();
        // Never let Selenium Manager download a driver: both paths are explicit.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("emulator-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromiumAndSite(site, profile, new ChromeDriver(service, options));
    }

    WebDriver browser() {
        return browser;
    }

    /** The site's address, {@code http://127.0.0.1:port}. */
    String url() {
        return "http://127.0.0.1:" + site.getAddress().getPort();
    }

    @Override
    public void close() throws IOException {
        browser.quit();
        site.stop(0);
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
