package org.passerelle.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.gateway.PasserelleApplication;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.HelloAssoConfiguration.EmulatorHolder;
import org.passerelle.gateway.order.CheckoutIntentRepository;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.Verification;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.refund.RefundService;
import org.passerelle.gateway.refund.RefundStatus;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.HelloAssoContractCheck;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-command start, stopped and started again on the same data folder (embedded H2 and the in-process emulated
 * HelloAsso): the emulator remembers, so old orders verify cleanly, an unpaid checkout can still be paid, new
 * checkouts and refunds get new ids, and nothing answers 500.
 */
class EmulatorModeRestartIT {

    private static final Pattern ORDER_PATH = Pattern.compile("/pay/([0-9a-f-]{36})\\?t=([A-Za-z0-9_-]+)");

    @TempDir
    Path data;

    ConfigurableApplicationContext gateway;
    int port;
    int emulatorPort;
    final List<Browser.Page> pages = new ArrayList<>();

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    ConfigurableApplicationContext start() {
        gateway = new SpringApplicationBuilder(PasserelleApplication.class).run(
                "--server.port=" + port,
                "--passerelle.data-dir=" + data,
                "--passerelle.emulator.port=" + emulatorPort,
                "--passerelle.admin.username=tresoriere", "--passerelle.admin.password=restart-admin-password-1",
                "--db-scheduler.enabled=false",
                "--logging.level.com.atlassian.oai.validator=warn");
        HelloAssoContractCheck.watch(gateway.getBean(EmulatorHolder.class).emulator());
        return gateway;
    }

    @Test
    void afterARestartOldOrdersVerifyCleanlyAndNewCheckoutsAndRefundsWork() throws IOException {
        port = freePort();
        emulatorPort = freePort();
        start();
        assertThat(gateway.getBean(EmulatorHolder.class).emulator().dataDir()).isEqualTo(data.resolve("helloasso-emulator"));
        String paid = order();
        pay(paid);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(paid) == OrderStatus.PAID);
        RefundService.Outcome firstRefund = gateway.getBean(RefundService.class).refund(paid, null, 1000, "restart test", "test");
        assertThat(firstRefund.allSucceeded()).isTrue();
        String unpaid = order();
        URI unpaidPage = goToHelloAsso(unpaid);
        long lastIntentBefore = gateway.getBean(CheckoutIntentRepository.class).forOrder(unpaid).getFirst().intentId();
        gateway.close();
        gateway = null;
        assertThat(Files.exists(data.resolve("helloasso-emulator").resolve("helloasso-emulator.json"))).isTrue();

        start();

        PaymentVerifier verifier = gateway.getBean(PaymentVerifier.class);
        assertThat(verifier.verify(paid, VerificationSource.ADMIN, null)).isEqualTo(Verification.ALREADY_PAID);
        assertThat(status(paid)).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
        // the first refund settles at HelloAsso (Processing for 10 s of its time) before the rest can be refunded
        gateway.getBean(EmulatorHolder.class).emulator().control().advanceClock(Duration.ofSeconds(11));
        RefundService.Outcome rest = gateway.getBean(RefundService.class).refund(paid, null, null, "the rest", "test");
        assertThat(rest.refunds()).as("%s", rest.refunds()).extracting(r -> r.status()).containsOnly(RefundStatus.SUCCEEDED);
        assertThat(rest.refunds().getFirst().helloassoRefundId()).isNotEqualTo(firstRefund.refunds().getFirst().helloassoRefundId());
        assertThat(status(paid)).isIn(OrderStatus.REFUNDING, OrderStatus.REFUNDED);

        // the payer's browser still holds the order's cookie; the gateway behind it was restarted
        Browser browser = browsers.get(unpaid);
        Browser.Page page = record(browser.get(unpaidPage));
        assertThat(page.status()).as("the unpaid checkout's HelloAsso page is still there").isEqualTo(200);
        payOn(browser, unpaidPage);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(unpaid) == OrderStatus.PAID);

        String fresh = order();
        pay(fresh);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(fresh) == OrderStatus.PAID);
        assertThat(gateway.getBean(CheckoutIntentRepository.class).forOrder(fresh).getFirst().intentId())
                .as("a new intent id, never one the database already holds").isGreaterThan(lastIntentBefore);
        assertThat(gateway.getBean(RefundService.class).refund(fresh, null, null, "fresh", "test").allSucceeded()).isTrue();

        for (String order : List.of(paid, unpaid, fresh)) {
            assertThat(gateway.getBean(AuditLog.class).forOrder(order)).extracting(AuditEvent::action)
                    .as("order %s", order).noneMatch(a -> a.startsWith("fraud.") || a.equals("payment.verify"));
        }
        assertThat(pages).extracting(Browser.Page::status).as("no page answered 500").allMatch(s -> s < 500);
        HelloAssoContractCheck.assertFollowedTheSpec();
    }

    private OrderStatus status(String orderId) {
        return gateway.getBean(OrderRepository.class).find(orderId).map(Order::status).orElseThrow();
    }

    /** An order for the 25 € membership, through the offer form; returns its id (the /pay URL is kept). */
    private String order() {
        Browser browser = new Browser(URI.create("http://localhost:" + port));
        String id = placeWith(browser);
        browsers.put(id, browser);
        return id;
    }

    private final java.util.Map<String, Browser> browsers = new java.util.HashMap<>();

    private String placeWith(Browser browser) {
        Browser.Page created = record(browser.post("/offers/adhesion-2026", Browser.form("firstName", "Marie", "lastName", "Curie",
                "email", "marie.curie@example.org", "country", "FRA", "birthDate", "1990-05-17")));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        Matcher matcher = ORDER_PATH.matcher(created.location());
        assertThat(matcher.find()).isTrue();
        payUrls.put(matcher.group(1), created.next());
        return matcher.group(1);
    }

    private final java.util.Map<String, URI> payUrls = new java.util.HashMap<>();

    private URI goToHelloAsso(String orderId) {
        Browser.Page pay = record(browsers.get(orderId).get(payUrls.get(orderId)));
        assertThat(pay.status()).as(pay.body()).isEqualTo(303);
        assertThat(pay.next().getPort()).isEqualTo(emulatorPort);
        return pay.next();
    }

    private void pay(String orderId) {
        payOn(browsers.get(orderId), goToHelloAsso(orderId));
    }

    private void payOn(Browser browser, URI hosted) {
        Browser.Page answer = record(browser.post(hosted, Browser.form("firstName", "Marie", "lastName", "Curie",
                "email", "marie.curie@example.org", "cardNumber", "4242424242424242")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(303);
        record(browser.follow(answer));
    }

    private Browser.Page record(Browser.Page page) {
        pages.add(page);
        return page;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
