package org.passerelle.gateway.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.admin.LoginThrottle;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.checkout.ReturnUrls;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What public traffic may cost, with the limits' own defaults (the shared test gateway raises them, since every test
 * comes from one address): a burst on one order's public pages reaches HelloAsso at most 3 times a minute, one
 * address is slowed down with a friendly page, and junk cannot grow the audit log without bound.
 */
class LimitsIT extends GatewayTestSupport {

    @DynamicPropertySource
    static void defaultLimits(DynamicPropertyRegistry registry) {
        // the documented defaults (docs/configuration.md), in place of the shared gateway's raised ones
        registry.add("passerelle.limits.helloasso-calls-per-order", () -> "3");
        registry.add("passerelle.limits.payer-actions-per-address", () -> "20");
        registry.add("passerelle.limits.orders-per-address", () -> "10");
        registry.add("passerelle.limits.audit-failures-per-address", () -> "20");
        registry.add("passerelle.limits.audit-anonymous-failures", () -> "100");
        // a short head deadline, so that a slow drip is seen cut within seconds
        registry.add("passerelle.http.request-head-timeout", () -> "2s");
    }

    @Autowired
    LoginThrottle throttle;
    @Autowired
    ReturnUrls returnUrls;

    @BeforeEach
    void freshWindows() {
        // every window (1 min, audit 10 min) starts anew for each test: the counts of the previous one are over
        clock.advance(Duration.ofMinutes(11));
    }

    private long intentReads(long intentId) {
        return emulator().control().calls().stream()
                .filter(c -> c.method().equals("GET") && c.path().endsWith("/checkout-intents/" + intentId)).count();
    }

    @Test
    void aBurstOfChecksAndReturnsOnOneOrderReachesHelloAssoAtMostThreeTimesAMinute() throws Exception {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);
        long intent = order(placed.orderId()).checkoutIntentId();
        long before = intentReads(intent);
        String state = returnUrls.state(placed.orderId());

        List<Future<Browser.Page>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 40; i++) {
                boolean check = i % 2 == 0;
                answers.add(pool.submit(() -> check
                        ? payer.post("/orders/" + placed.orderId() + "/check-payment", Map.of())
                        : payer.get("/helloasso/return?s=" + state + "&checkoutIntentId=" + intent + "&code=succeeded")));
            }
            for (Future<Browser.Page> answer : answers) {
                Browser.Page page = answer.get();
                assertThat(page.status()).as(page.body()).isEqualTo(303);
                assertThat(page.location()).startsWith("/orders/" + placed.orderId());
            }
        }
        assertThat(intentReads(intent) - before).as("HelloAsso reads of the intent").isBetween(1L, 3L);
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);
        // the payer who clicks again is told kindly, and nothing is asked of HelloAsso
        Browser.Page again = payer.post("/orders/" + placed.orderId() + "/check-payment", Map.of());
        assertThat(again.location()).endsWith("notice=too-often");
        assertThat(payer.get(again.next()).body()).contains("Vous venez de vérifier");

        // a minute later the order may be checked again (the payer's address too)
        clock.advance(Duration.ofMinutes(1));
        long reads = intentReads(intent);
        assertThat(payer.post("/orders/" + placed.orderId() + "/check-payment", Map.of()).location())
                .endsWith("notice=checked");
        assertThat(intentReads(intent)).isEqualTo(reads + 1);
    }

    @Test
    void oneAddressClickingTooOftenGetsAFriendlyPageAndCreatesNoMoreOrders() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        int refused = 0;
        for (int i = 0; i < 25; i++) {
            Browser.Page pay = payer.get(placed.payUrl());
            if (pay.status() == 429) {
                refused++;
                assertThat(pay.body()).contains("Un instant").contains("id=\"retry\"");
            } else {
                assertThat(pay.status()).isEqualTo(303);
            }
        }
        assertThat(refused).as("beyond 20 payer actions a minute").isEqualTo(5);

        long ordersBefore = jdbc.sql("SELECT COUNT(*) FROM orders").query(Long.class).single();
        int tooMany = 0;
        for (int i = 0; i < 12; i++) {
            Browser.Page created = payer.post("/offers/atelier-initiation", Browser.form("firstName", "Marie",
                    "lastName", "Curie", "email", "marie.curie@example.org", "country", "FRA"));
            tooMany += created.status() == 429 ? 1 : 0;
        }
        // placeOrder above was the first of this minute's 10
        assertThat(tooMany).isEqualTo(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM orders").query(Long.class).single()).isEqualTo(ordersBefore + 9);
    }

    @Test
    void junkFromOneAddressOrFromManyCannotGrowTheAuditLogWithoutBound() {
        long before = jdbc.sql("SELECT COUNT(*) FROM audit_events").query(Long.class).single();
        Browser junk = browser();
        for (int i = 0; i < 150; i++) {
            assertThat(junk.get("/helloasso/return?s=forged-" + i + "&code=succeeded").status()).isEqualTo(400);
        }
        long fromOneAddress = jdbc.sql("SELECT COUNT(*) FROM audit_events").query(Long.class).single() - before;
        // 20 recorded, one fraud.flood, and the repeated-failures signal
        assertThat(fromOneAddress).isBetween(20L, 23L);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'fraud.flood'").query(Long.class).single())
                .isPositive();

        // many addresses (as a botnet would use): anonymous failures stay within the allowance for all of them
        clock.advance(Duration.ofMinutes(11));
        long start = jdbc.sql("SELECT COUNT(*) FROM audit_events").query(Long.class).single();
        for (int i = 0; i < 1000; i++) {
            audit.record(AuditEvent.fraud(null, AuditAction.FRAUD_BAD_STATE).clientIp("10.1." + (i / 250) + "." + (i % 250))
                    .message("junk " + i));
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events").query(Long.class).single() - start)
                .as("at most 100 anonymous failures per 10 minutes, flood notes included").isBetween(100L, 105L);
    }

    /** Whether the server has closed this connection (an answer read to its end, or a reset). */
    private static boolean closed(java.net.Socket socket) {
        try {
            socket.setSoTimeout(50);
            java.io.InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.io.IOException reset) {
            return true;
        }
    }

    @Test
    void aRequestHeadDrippedByteByByteIsCutAtTheHeadDeadline() throws Exception {
        try (java.net.Socket dripping = new java.net.Socket("127.0.0.1", port);
                java.net.Socket stalled = new java.net.Socket("127.0.0.1", port)) {
            long start = System.nanoTime();
            java.io.OutputStream out = dripping.getOutputStream();
            out.write("GET /offers/atelier-initiation HTTP/1.1\r\nHost: localhost\r\n".getBytes());
            stalled.getOutputStream().write("GET / HTTP/1.1\r\nHost: loc".getBytes());
            boolean cut = false;
            // each header line arrives well within Tomcat's own per-read timeout: only the head deadline can end it
            for (int i = 0; i < 60 && !cut; i++) {
                try {
                    out.write(("X-Drip-" + i + ": x\r\n").getBytes());
                    out.flush();
                } catch (java.io.IOException reset) {
                    cut = true;
                    break;
                }
                cut = closed(dripping);
                Thread.sleep(250);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(cut).as("the dripping connection was closed").isTrue();
            assertThat(seconds).as("closed after the 2 s head deadline, not the drip's 15 s").isBetween(1.5, 8.0);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> closed(stalled));
        }
        // an ordinary request still gets its page
        assertThat(browser().get("/offers/atelier-initiation").status()).isEqualTo(200);
    }

    private int actuator(String user, String password) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8))).build();
            return java.net.http.HttpClient.newHttpClient().send(request,
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loginsAreSlowedDownPerUserNameAsSpringSecurityReadsItAndPerAddress() {
        try {
            Browser browser = browser();
            browser.get("/admin/login");
            // the same account, however it is typed: trimmed and in any case
            for (String typed : new String[] {VIEWER, " " + VIEWER, VIEWER.toUpperCase() + "  ", "\t" + VIEWER, VIEWER}) {
                assertThat(browser.post("/admin/login", Browser.form("username", typed, "password", "wrong"))
                        .location()).endsWith("/admin/login?error");
            }
            assertThat(browser.post("/admin/login", Browser.form("username", " " + VIEWER.toUpperCase(),
                    "password", VIEWER_PASSWORD)).location()).endsWith("/admin/login?slow");
            // HTTP basic on the actuator is the same password check, slowed down the same way (401, not 403)
            assertThat(actuator(VIEWER, VIEWER_PASSWORD)).isEqualTo(401);
            assertThat(throttle.waitBefore(VIEWER, "10.9.9.9")).as("from any address").isPositive();

            // per address: 20 failures with as many user names, and even a right password from there waits
            throttle.succeeded(VIEWER, "127.0.0.1");
            for (int i = 0; i < 20; i++) {
                browser.post("/admin/login", Browser.form("username", "guess" + i, "password", "wrong"));
            }
            assertThat(browser.post("/admin/login", Browser.form("username", ADMIN, "password", ADMIN_PASSWORD))
                    .location()).endsWith("/admin/login?slow");
            assertThat(throttle.waitBefore(ADMIN, "10.9.9.9")).as("the admin elsewhere is not held up").isZero();
        } finally {
            throttle.succeeded(VIEWER, "127.0.0.1");
        }
    }
}
