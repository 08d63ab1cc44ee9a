package org.passerelle.gateway.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.checkout.ReturnUrls;
import org.passerelle.gateway.notification.InboxEntry;
import org.passerelle.gateway.notification.NotificationInbox;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.HostileInputs;
import org.passerelle.gateway.support.Notifications;
import org.passerelle.gateway.support.RawHttp;
import org.passerelle.gateway.web.SafeText;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * The outside attack, generated: hostile values (every known-bad fragment, then seeded mutations, see
 * {@link HostileInputs}) sent to the payer forms, the return URLs, the notification endpoint, the API and the
 * console. Whatever comes in: no 5xx; no order changes status unless HelloAsso shows a payment (a forged
 * {@code code=refused} or notification leaves an order waiting for bank validation PENDING); nothing is stored that
 * should not be (refused input leaves no row; what is stored is clean text and exact integers); nothing comes back
 * unescaped in a page, a log line or the CSV export.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputsIT extends GatewayTestSupport {

    private static final String SEED = " (seed " + HostileInputs.SEED + ")";
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*");
    /** How many hostile requests the suite sent, per target (printed at the end). */
    private static final Map<String, Integer> SENT = new LinkedHashMap<>();

    @Autowired
    NotificationSecrets secrets;
    @Autowired
    NotificationInbox inbox;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    ReturnUrls returnUrls;
    @Autowired
    PaymentVerifier verifier;

    private final HostileInputs hostile = new HostileInputs();

    @AfterAll
    static void report() {
        System.out.println("Hostile inputs sent" + SEED + ": " + SENT + ", total "
                + SENT.values().stream().mapToInt(Integer::intValue).sum());
    }

    private static void sent(String target) {
        SENT.merge(target, 1, Integer::sum);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    // ---------------------------------------------------------------------------------------------- payer forms

    @Test
    void payerFormsRefuseWhatCouldHideOrForgeAndStoreOnlyCleanOrders(CapturedOutput output) {
        Map<String, String> valid = Map.of("firstName", "Marie", "lastName", "Curie", "email", "marie.curie@example.org",
                "country", "FRA", "birthDate", "1990-05-17", "amount", "12,50");
        long before = count("SELECT COUNT(*) FROM orders");
        int accepted = 0;
        Browser payer = browser();
        for (String field : valid.keySet()) {
            String offer = field.equals("amount") ? "don-libre" : "adhesion-2026";
            for (String value : hostile.around(valid.get(field), 22)) {
                Map<String, String> form = new LinkedHashMap<>(valid);
                form.put(field, value);
                Browser.Page page = payer.post("/offers/" + offer, form);
                sent("payer forms");
                String what = field + "=" + printable(value) + " -> " + page.status() + SEED;
                assertThat(page.status()).as(what).isIn(303, 400);
                assertNoMarkup(page.body(), what);
                if (page.status() == 303) {
                    accepted++;
                    Order order = order(page.location().replaceAll("^/pay/([0-9a-f-]{36}).*", "$1"));
                    assertClean(what, order.payer().firstName(), order.payer().lastName(), order.payer().email(),
                            order.payer().country(), order.itemName());
                    assertThat(order.amount()).as(what).isBetween(50, 10_000_000);
                }
            }
        }
        assertThat(count("SELECT COUNT(*) FROM orders")).as("only accepted forms stored an order" + SEED)
                .isEqualTo(before + accepted);
        assertLogsClean(output);
    }

    // ---------------------------------------------------------------------------------------------- return URLs

    @Test
    void forgedReturnsChangeNoOrderAndAPaymentWaitingForTheBankIsNeverFailed(CapturedOutput output) {
        Browser payer = browser();
        Placed waiting = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, waiting);
        long waitingIntent = order(waiting.orderId()).checkoutIntentId();
        emulator().control().payWithBankValidation(waitingIntent);
        Placed paid = placeOrder(payer, "atelier-initiation");
        payer.follow(payer.get(payOnHelloAsso(payer, goToHelloAsso(payer, paid), "4242424242424242").next()));
        await().atMost(Duration.ofSeconds(10)).until(() -> order(paid.orderId()).status() == OrderStatus.PAID);
        long paidIntent = order(paid.orderId()).checkoutIntentId();

        List<String> states = new ArrayList<>(List.of(returnUrls.state(waiting.orderId()), returnUrls.state(paid.orderId()),
                returnUrls.state(UUID.randomUUID().toString())));
        String good = states.getFirst();
        states.add(good.substring(0, good.length() - 1) + (good.endsWith("A") ? "B" : "A"));
        states.add(good.replaceFirst("\\.\\d+\\.", ".99999999999999999.")); // a longer life, badly signed
        states.addAll(hostile.around(good, 25));
        List<String> intents = new ArrayList<>(List.of(String.valueOf(waitingIntent), String.valueOf(paidIntent), "1",
                "-1", "0", "99999999999999999999"));
        intents.addAll(hostile.around(String.valueOf(waitingIntent), 10));
        List<String> codes = new ArrayList<>(List.of("refused", "succeeded", "canceled", "REFUSED"));
        codes.addAll(hostile.around("refused", 10));

        for (int i = 0; i < 180; i++) {
            String endpoint = hostile.pick(List.of("return", "return", "return", "back", "error"));
            StringBuilder query = new StringBuilder("s=").append(HostileInputs.encoded(hostile.pick(states)))
                    .append("&checkoutIntentId=").append(HostileInputs.encoded(hostile.pick(intents)))
                    .append("&code=").append(HostileInputs.encoded(hostile.pick(codes)))
                    .append("&orderId=").append(HostileInputs.encoded(hostile.mutate("123")))
                    .append("&error=").append(HostileInputs.encoded(hostile.mutate("TechnicalError")));
            if (hostile.nextInt(4) == 0) {
                query.append("&s=").append(HostileInputs.encoded(hostile.pick(states))); // the parameter twice
            }
            Browser.Page page = payer.get("/helloasso/" + endpoint + "?" + query);
            sent("return URLs");
            String what = endpoint + "?" + query + " -> " + page.status() + SEED;
            assertThat(page.status()).as(what).isIn(303, 400);
            assertNoMarkup(page.body(), what);
        }
        // what no client library would send
        for (String raw : new String[] {"s=%zz", "s=%", "s=%00%0d%0a", "s=" + good + "&checkoutIntentId=%", "s[]=1",
                "s=" + good + "&code=%C0%AF"}) {
            RawHttp.Answer answer = RawHttp.send(port, "GET", "/helloasso/return?" + raw, null);
            sent("return URLs");
            assertThat(answer.status()).as(raw + SEED).isBetween(300, 499);
        }

        assertThat(order(waiting.orderId()).status()).as("waiting for the bank" + SEED).isEqualTo(OrderStatus.PENDING);
        assertThat(order(paid.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(outbox.forOrder(waiting.orderId())).as("no order.failed, no order.paid" + SEED).isEmpty();
        assertThat(outbox.forOrder(paid.orderId())).extracting(e -> e.event().code()).containsExactly("order.paid");

        // the bank validates: HelloAsso shows the payment, and only then is the order paid, once
        emulator().control().settleBankValidations();
        verifier.verify(waiting.orderId(), VerificationSource.POLLER, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> order(waiting.orderId()).status() == OrderStatus.PAID);
        assertThat(outbox.forOrder(waiting.orderId())).extracting(e -> e.event().code()).containsExactly("order.paid");
        assertLogsClean(output);
    }

    // -------------------------------------------------------------------------------------------- notifications

    @Test
    void forgedNotificationsNeverPayNorFailAnOrder(CapturedOutput output) {
        Browser payer = browser();
        Placed waiting = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, waiting);
        long intent = order(waiting.orderId()).checkoutIntentId();
        emulator().control().payWithBankValidation(intent);
        URI url = URI.create(secrets.notificationUrl());
        String key = secrets.signatureKey();

        List<String> bodies = new ArrayList<>();
        String claim = Notifications.paidOrder(900_000 + hostile.nextInt(1000), intent, waiting.orderId(), 4000,
                "passerelle-demo");
        bodies.add(claim); // a well-formed lie: HelloAsso, read back, shows no payment yet
        bodies.add(claim.replace("\"Authorized\"", "\"Refused\""));
        bodies.add(claim.replace("\"total\":4000", "\"total\":4000.5"));
        bodies.add(claim.replace("\"total\":4000", "\"total\":\"4000\""));
        bodies.add(claim.replace("{\"eventType\":\"Order\",", "{\"eventType\":\"Order\",\"eventType\":\"Payment\","));
        bodies.add("[" + claim + "]");
        bodies.add("{".repeat(3000) + "}".repeat(3000));
        bodies.add("{\"eventType\":\"Order\",\"data\":" + "[".repeat(2000) + "]".repeat(2000) + "}");
        for (String value : hostile.around(waiting.orderId(), 30)) {
            bodies.add(claim.replace(waiting.orderId(), jsonEscaped(value)));
        }
        for (String value : hostile.around("passerelle-demo", 15)) {
            bodies.add(claim.replace("passerelle-demo", jsonEscaped(value)));
        }
        for (String value : hostile.around("Order", 15)) {
            bodies.add(hostile.nextBoolean() ? claim.replace("\"Order\"", "\"" + jsonEscaped(value) + "\"") : value);
        }
        int answered = 0;
        for (String body : bodies) {
            boolean signed = hostile.nextInt(5) != 0;
            HttpResponse<String> answer = Notifications.post(url, body, signed ? key : null, signed ? null : "sha256=forged");
            sent("notifications");
            String what = printable(body.length() > 200 ? body.substring(0, 200) : body) + " -> " + answer.statusCode() + SEED;
            assertThat(answer.statusCode()).as(what).isIn(200, 400, 401, 413);
            answered += answer.statusCode() == 200 ? 1 : 0;
        }
        assertThat(answered).as("some went as far as the verification" + SEED).isPositive();
        HttpResponse<String> wrongKey = Notifications.post(URI.create(url.toString() + "x"), claim, key, null);
        assertThat(wrongKey.statusCode()).isEqualTo(404);
        HttpResponse<String> huge = Notifications.post(url, "{\"eventType\":\"Order\",\"data\":\"" + "x".repeat(1_100_000)
                + "\"}", key, null);
        assertThat(huge.statusCode()).isEqualTo(413);

        // every stored notification processed (each read HelloAsso back), and the order still waits for its bank
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.latest(500).stream()
                .noneMatch(e -> e.status() == InboxEntry.Status.RECEIVED || e.status() == InboxEntry.Status.RETRY));
        assertThat(order(waiting.orderId()).status()).as(SEED).isEqualTo(OrderStatus.PENDING);
        assertThat(outbox.forOrder(waiting.orderId())).as(SEED).isEmpty();

        // the bank validates (now, so that no payment changes later under another test's feet): paid once
        emulator().control().settleBankValidations();
        verifier.verify(waiting.orderId(), VerificationSource.POLLER, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> order(waiting.orderId()).status() == OrderStatus.PAID);
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.latest(500).stream()
                .noneMatch(e -> e.status() == InboxEntry.Status.RECEIVED || e.status() == InboxEntry.Status.RETRY));
        assertThat(outbox.forOrder(waiting.orderId())).extracting(e -> e.event().code()).containsExactly("order.paid");
        assertLogsClean(output);
    }

    // ------------------------------------------------------------------------------------------------------ API

    @Test
    void apiBodiesAndParametersAreTypedStrictAndStoreNothingThatShouldNotBe(CapturedOutput output) {
        ApiKeys.CreatedKey key = apiKeys.create("hostile " + UUID.randomUUID(), "test");
        ApiClient api = new ApiClient(port, key.secret()).header("Accept-Language", "en");
        List<Object> typed = new ArrayList<>(List.of(5000.7, 5000.0, 1e4, "7000", -1, 0, 49, 10_000_001, 2147483648L,
                Long.MAX_VALUE, true, "", List.of(5000), Map.of("value", 5000), 2.5, "2", 13, -3));
        typed.add(null);
        List<String> paths = List.of("itemName", "amount", "reference", "payer.firstName", "payer.lastName",
                "payer.email", "payer.country", "payer.birthDate", "metadata", "metadata.note", "metadata.nested.k",
                "returnUrl", "instalments", "donation");
        int created = 0;
        List<String> bodies = new ArrayList<>();
        for (String path : paths) {
            List<Object> values = new ArrayList<>(typed);
            values.addAll(hostile.around("Cours de poterie", 18));
            for (Object value : values) {
                Map<String, Object> body = ApiClient.order("hostile-" + UUID.randomUUID(), 5000);
                put(body, path, value);
                bodies.add(ApiClient.JSON.writeValueAsString(body));
            }
        }
        String base = ApiClient.JSON.writeValueAsString(ApiClient.order("hostile-raw", 5000));
        bodies.add(base.replace("\"amount\":5000", "\"amount\":5000,\"amount\":1"));
        bodies.add(base.replace("\"firstName\":\"Marie\"", "\"firstName\":\"Marie\",\"firstName\":\"Eve\""));
        bodies.add(base.replace("\"courseId\":42", "\"courseId\":42,\"courseId\":43"));
        bodies.add(base.replace("{\"itemName\"", "{\"admin\":true,\"itemName\""));
        bodies.add(base + " {}");
        bodies.add(base + "]");
        bodies.add(base.replace("\"courseId\":42", "\"deep\":" + "{\"a\":".repeat(1500) + "1" + "}".repeat(1500)));
        bodies.add(base.replace("5000", "5e3"));
        bodies.add(base.replace("5000", "05000"));
        bodies.add(base.replace("5000", "-0"));
        bodies.add(base.replace("5000", "5000 "));
        bodies.add("null");
        bodies.add("[]");
        bodies.add("\"\"");
        bodies.add("");
        for (String value : hostile.around("{}", 12)) {
            bodies.add(value);
        }
        for (String body : bodies) {
            ApiClient.Response answer = api.post("/api/v1/orders", body);
            sent("API");
            String what = printable(body.length() > 300 ? body.substring(0, 300) : body) + " -> " + answer.status() + " "
                    + answer.raw().body() + SEED;
            assertThat(answer.status()).as(what).isIn(201, 400, 409, 413);
            if (answer.status() == 201) {
                created++;
                Order order = order(answer.body().get("id").asString());
                assertClean(what, order.itemName(), order.reference(), order.payer().firstName(), order.payer().lastName(),
                        order.payer().email(), order.payer().country(), order.metadata(), order.returnUrl());
                assertThat(body).as(what).contains("\"amount\":" + order.amount());
            } else {
                assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
                assertThat(answer.body().get("code").asString()).as(what).isNotBlank();
                if (answer.body().get("code").asString().equals("validation")) {
                    assertThat(answer.body().get("errors")).as(what).isNotEmpty();
                    answer.body().get("errors").forEach(e -> assertThat(e.get("field").asString()).as(what).isNotBlank());
                }
            }
        }
        assertThat(count("SELECT COUNT(*) FROM orders WHERE api_key_id = '" + key.id() + "'"))
                .as("only created orders are stored" + SEED).isEqualTo(created);

        // the listing's parameters
        for (int i = 0; i < 60; i++) {
            String query = "status=" + HostileInputs.encoded(hostile.mutate("PAID")) + "&from="
                    + HostileInputs.encoded(hostile.mutate("2026-11-01")) + "&to=" + HostileInputs.encoded(hostile.mutate("2026-11-30"))
                    + "&page=" + HostileInputs.encoded(hostile.mutate("0")) + "&size=" + HostileInputs.encoded(hostile.mutate("20"))
                    + "&reference=" + HostileInputs.encoded(hostile.mutate("ref"));
            ApiClient.Response answer = api.get("/api/v1/orders?" + query);
            sent("API");
            assertThat(answer.status()).as(query + SEED).isIn(200, 400);
        }
        // the cursor pages' parameters
        for (int i = 0; i < 30; i++) {
            String query = "limit=" + HostileInputs.encoded(hostile.mutate("20")) + "&after="
                    + HostileInputs.encoded(hostile.mutate("5b0f3c1e-0000-4000-8000-000000000000"));
            ApiClient.Response answer = api.get("/api/v1/orders?" + query);
            sent("API");
            assertThat(answer.status()).as(query + SEED).isIn(200, 400);
        }
        // Idempotency-Key values the HTTP client lets through, and raw bytes it would not
        for (String value : hostile.around("key-1", 25)) {
            if (value.isEmpty() || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                continue;
            }
            ApiClient.Response answer = api.header("Idempotency-Key", value).post("/api/v1/orders",
                    ApiClient.order("idem-" + UUID.randomUUID(), 5000));
            sent("API");
            assertThat(answer.status()).as(value + SEED).isIn(201, 400);
        }
        for (String raw : new String[] {"k\u0085", "k\u009b[2J", "\u0001k", "k\u007f"}) {
            String body = ApiClient.JSON.writeValueAsString(ApiClient.order("idem-raw-" + UUID.randomUUID(), 5000));
            RawHttp.Answer answer = RawHttp.send(port, "POST", "/api/v1/orders", body, "Authorization: Bearer " + key.secret(),
                    "Content-Type: application/json", "Idempotency-Key: " + raw);
            sent("API");
            assertThat(answer.status()).as(printable(raw) + SEED).isIn(400);
        }

        // refunds: every malformed request is refused and refunds nothing
        String paidOrder = paidApiOrder(api);
        for (Object amount : List.of(10.5, "10", 1e1, -5, 0, true, List.of(10), 2147483648L)) {
            ApiClient.Response answer = api.post("/api/v1/orders/" + paidOrder + "/refunds", Map.of("amount", amount));
            sent("API");
            assertThat(answer.status()).as(amount + SEED).isEqualTo(400);
        }
        for (String reason : hostile.around("Annulation", 25)) {
            if (SafeText.isClean(reason) && reason.length() <= 500) {
                continue; // a clean reason would (rightly) refund
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("amount", 100);
            body.put("reason", reason);
            ApiClient.Response answer = api.post("/api/v1/orders/" + paidOrder + "/refunds", body);
            sent("API");
            assertThat(answer.status()).as(printable(reason) + SEED).isEqualTo(400);
        }
        for (String raw : new String[] {"{\"amount\":100,\"amount\":1}", "{\"amount\":100,\"extra\":1}", "{\"amount\":100} x"}) {
            assertThat(api.post("/api/v1/orders/" + paidOrder + "/refunds", raw).status()).as(raw).isEqualTo(400);
            sent("API");
        }
        assertThat(count("SELECT COUNT(*) FROM refunds WHERE order_id = '" + paidOrder + "'")).as("nothing refunded" + SEED)
                .isZero();
        assertLogsClean(output);
    }

    private String paidApiOrder(ApiClient api) {
        JsonNode created = api.post("/api/v1/orders", ApiClient.order("hostile-paid-" + UUID.randomUUID(), 5000)).body();
        String id = created.get("id").asString();
        assertThat(browser().get(URI.create(created.get("checkoutUrl").asString())).status()).isEqualTo(303);
        long intent = order(id).checkoutIntentId();
        emulator().control().pay(intent);
        verifier.verify(id, intent, VerificationSource.POLLER, null);
        assertThat(order(id).status()).isEqualTo(OrderStatus.PAID);
        return id;
    }

    // -------------------------------------------------------------------------------------------------- console

    @Test
    void theConsoleShowsStoredHostileTextEscapedAndExportsNothingASpreadsheetWouldRun(CapturedOutput output) {
        ApiKeys.CreatedKey key = apiKeys.create("console " + UUID.randomUUID(), "test");
        ApiClient api = new ApiClient(port, key.secret());
        List<String> storedIds = new ArrayList<>();
        List<String> clean = new ArrayList<>(HostileInputs.MARKUP);
        clean.addAll(HostileInputs.FORMULAS);
        for (String value : clean) {
            if (!SafeText.isClean(value) || value.isBlank()) {
                continue; // refused at the door (tested above)
            }
            ApiClient.Response answer = api.post("/api/v1/orders", ApiClient.order(value + " " + UUID.randomUUID(), 5000));
            sent("console");
            Map<String, Object> body = ApiClient.order("ref-" + UUID.randomUUID(), 5000);
            body.put("itemName", value);
            ApiClient.Response named = api.post("/api/v1/orders", body);
            sent("console");
            assertThat(answer.status()).as(value).isEqualTo(201);
            assertThat(named.status()).as(value).isEqualTo(201);
            storedIds.add(answer.body().get("id").asString());
            storedIds.add(named.body().get("id").asString());
        }
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        for (String id : storedIds) {
            Browser.Page page = admin.get("/admin/orders/" + id);
            sent("console");
            assertThat(page.status()).isEqualTo(200);
            assertNoMarkup(page.body(), id);
        }
        Browser.Page list = admin.get("/admin/orders?q=" + HostileInputs.encoded("<script>"));
        assertNoMarkup(list.body(), "orders list");

        Browser.Page csv = admin.get("/admin/orders/export");
        sent("console");
        assertThat(csv.status()).isEqualTo(200);
        int fields = 0;
        for (String field : csvFields(csv.body())) {
            fields++;
            assertThat(runnableAsFormula(field)).as("CSV field " + printable(field) + SEED).isFalse();
        }
        assertThat(fields).isGreaterThan(storedIds.size());

        // filters and forms of the console, with hostile values
        List<String> pages = List.of("/admin/orders?status=%s&q=%s&reference=%s&min=%s&max=%s&from=%s&to=%s&page=%s",
                "/admin/events?outcome=%s&action=%s&from=%s&to=%s&preset=%s&page=%s",
                "/admin/notifications?status=%s", "/admin/webhooks?status=%s&page=%s",
                "/admin/reconciliation/report?from=%s&to=%s", "/admin/orders/export?q=%s&status=%s&min=%s");
        for (int i = 0; i < 90; i++) {
            String template = hostile.pick(pages);
            int holes = template.split("%s", -1).length - 1;
            Object[] values = new Object[holes];
            for (int h = 0; h < holes; h++) {
                values[h] = HostileInputs.encoded(hostile.mutate(hostile.pick(List.of("PAID", "2026-11-01", "12,50", "1",
                        "fraud", "payment."))));
            }
            String path = template.formatted(values);
            Browser.Page page = admin.get(path);
            sent("console");
            assertThat(page.status()).as(path + SEED).isLessThan(500);
            assertNoMarkup(page.body(), path);
        }
        long keysBefore = apiKeys.list().size();
        int keysCreated = 0;
        for (String name : hostile.around("Moodle", 25)) {
            Browser.Page created = admin.post("/admin/api-keys", Map.of("name", name));
            sent("console");
            assertThat(created.status()).as(printable(name) + SEED).isEqualTo(303);
            boolean valid = !name.isBlank() && name.strip().length() <= 100 && SafeText.isClean(name);
            keysCreated += valid ? 1 : 0;
            assertNoMarkup(admin.follow(created).body(), printable(name));
        }
        assertThat(apiKeys.list()).hasSize((int) keysBefore + keysCreated);
        assertThat(apiKeys.list()).allSatisfy(k -> assertThat(SafeText.isClean(k.name())).as(k.name()).isTrue());
        assertLogsClean(output);
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /** Sets {@code path} (a.b.c) in a JSON-like map, creating the maps on the way. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> body, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> at = body;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = at.get(parts[i]);
            Map<String, Object> copy = next instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map)
                    : new LinkedHashMap<>();
            at.put(parts[i], copy);
            at = copy;
        }
        at.put(parts[parts.length - 1], value);
    }

    private static void assertClean(String what, String... stored) {
        for (String value : stored) {
            assertThat(SafeText.isClean(value)).as("stored: " + printable(value) + " for " + what).isTrue();
        }
    }

    /** No hostile markup comes back as markup (escaped, it is harmless text). */
    private static void assertNoMarkup(String body, String what) {
        for (String markup : HostileInputs.MARKUP) {
            assertThat(body).as(what).doesNotContain(markup);
        }
        // as tags, never as (harmless) escaped text
        assertThat(body).as(what).doesNotContain("<script>alert").doesNotContainIgnoringCase("<img src=x")
                .doesNotContainIgnoringCase("<svg/onload").doesNotContainIgnoringCase("<iframe src=javascript");
    }

    /**
     * Every line the gateway logged while the test ran is one of its own lines: none starts with the forged prefix,
     * the forged marker appears only inside a real line, and no client error came with a stack trace.
     */
    private static void assertLogsClean(CapturedOutput output) {
        String[] lines = output.getAll().split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            assertThat(line).as("a forged log line" + SEED).doesNotStartWith(HostileInputs.FORGED_LOG_PREFIX);
            if (line.contains(HostileInputs.FORGED_LOG_MARKER)) {
                assertThat(LOG_LINE.matcher(line).matches()).as("forged text outside a log line: " + line + SEED).isTrue();
            }
            String context = String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, i - 3), Math.min(lines.length, i + 2)));
            assertThat(line).as("a stack trace for a client's error" + SEED + ":\n" + context).doesNotStartWith("\tat ")
                    .doesNotStartWith("Caused by:");
        }
    }

    private static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || !Character.isDefined(cp) || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.SURROGATE || cp == 0x2028 || cp == 0x2029 || (cp >= 0x80 && cp < 0xa0)) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.length() > 200 ? out.substring(0, 200) + "…" : out.toString();
    }

    private static String jsonEscaped(String value) {
        String json = ApiClient.JSON.writeValueAsString(value);
        return json.substring(1, json.length() - 1);
    }

    /** The fields of a ';'-separated CSV with "…" quoting (a field may hold line breaks). */
    private static List<String> csvFields(String csv) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ';' || c == '\n') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c != '\r') {
                field.append(c);
            }
        }
        return fields;
    }

    /** As a spreadsheet reads a cell: its first visible character, full-width forms folded, starts a formula. */
    private static boolean runnableAsFormula(String field) {
        if (field.matches("-?\\d+([.,]\\d+)?")) {
            return false;
        }
        if (!field.isEmpty() && "\t\r\n".indexOf(field.charAt(0)) >= 0) {
            return true;
        }
        int i = 0;
        while (i < field.length() && (Character.isWhitespace(field.codePointAt(i)) || Character.isSpaceChar(field.codePointAt(i))
                || Character.getType(field.codePointAt(i)) == Character.FORMAT)) {
            i += Character.charCount(field.codePointAt(i));
        }
        if (i == field.length()) {
            return false;
        }
        String first = Normalizer.normalize(new String(Character.toChars(field.codePointAt(i))), Normalizer.Form.NFKC);
        return "=+-@".contains(first);
    }
}
