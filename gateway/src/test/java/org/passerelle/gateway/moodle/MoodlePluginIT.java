package org.passerelle.gateway.moodle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.StandinMoodle;
import org.passerelle.gateway.webhook.WebhookDeliveries;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.passerelle.gateway.webhook.WebhookSigner;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The Moodle plugin end to end: its own PHP (moodle-plugin/passerelle, unchanged) run by php against the stand-ins of
 * Moodle's API (moodle-plugin/tests/standin), talking over HTTP to this running Passerelle and its emulated HelloAsso,
 * with Passerelle's signed webhooks reaching the plugin's endpoint. Webhooks carry the real time the plugin checks
 * them against: the shared gateway's clock is the machine's at the start of each class, and this one leaves it there.
 */
class MoodlePluginIT extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CARD = "4242424242424242";
    private static final String BANK_VALIDATION_CARD = "4000000000000077";

    private static StandinMoodle moodle;
    private static String apiKey;
    private static String apiKeyId;
    private static WebhookEndpoints.CreatedEndpoint endpoint;

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    WebhookEndpoints endpoints;
    @Autowired
    WebhookDeliveries deliveries;
    @Autowired
    PaymentVerifier verifier;

    /** One learner, one course at 45.50 EUR through enrol_fee, one payment account using Passerelle. */
    private record Site(long learner, long other, long course, long enrol, long account) {
    }

    @BeforeAll
    static void startMoodle() throws Exception {
        moodle = StandinMoodle.start();
    }

    @AfterAll
    static void stopMoodle() {
        if (moodle != null) {
            moodle.close();
        }
    }

    @BeforeEach
    void connectPasserelleAndMoodle() {
        if (apiKey == null) {
            ApiKeys.CreatedKey created = apiKeys.create("Moodle (stand-in)", "test");
            apiKey = created.secret();
            apiKeyId = created.id();
        }
        if (endpoint == null) {
            // as the administrator adds it in the console (API keys screen), for the address the plugin's settings show
            endpoint = endpoints.add(moodle.webhookUrl(), Set.of("order.paid", "order.refunded"), apiKeyId, "test");
        }
    }

    private Site site(String passerelleUrl) {
        JsonNode ids = moodle.run("setup", Map.of("passerelleUrl", passerelleUrl, "apiKey", apiKey,
                "webhookSecret", endpoint.secret(), "cost", 45.5));
        return new Site(ids.get("learnerId").asLong(), ids.get("otherId").asLong(), ids.get("courseId").asLong(),
                ids.get("enrolId").asLong(), ids.get("accountId").asLong());
    }

    private Site site() {
        return site("http://localhost:" + port);
    }

    /** The learner proceeds in the payment modal: the plugin's web service answers where to go. */
    private JsonNode proceed(Site site) {
        JsonNode answer = moodle.run("start", Map.of("userId", site.learner(), "itemId", site.enrol()));
        assertThat(answer.has("error")).as(answer.toString()).isFalse();
        return answer;
    }

    private JsonNode attempt(Site site) {
        return moodle.rows("attempts").stream().filter(a -> a.get("itemid").asLong() == site.enrol()).findFirst()
                .orElseThrow();
    }

    private long deliveries(Site site) {
        return moodle.rows("deliveries").stream().filter(d -> d.get("itemid").asLong() == site.enrol()).count();
    }

    private boolean enrolled(Site site) {
        return moodle.rows("enrolments").stream().anyMatch(e -> e.get("enrolid").asLong() == site.enrol()
                && e.get("userid").asLong() == site.learner());
    }

    private String login(long userId) {
        return moodle.run("login", Map.of("userId", userId)).get("sid").asString();
    }

    private Browser.Page payAtHelloAsso(Browser browser, String checkoutUrl, String card) {
        Browser.Page pay = browser.get(URI.create(checkoutUrl));
        assertThat(pay.status()).as(pay.body()).isEqualTo(303);
        return payOnHelloAsso(browser, pay.next(), card);
    }

    private String courseUrl(Site site) {
        return moodle.url() + "/course/view.php?id=" + site.course();
    }

    @Test
    void theSettingsAreCheckedAgainstPasserelle() {
        assertThat(moodle.run("check", Map.of("accountId", site().account())).get("errors").size())
                .as("the right address, key and webhook secret").isZero();

        Site wrongKey = site();
        moodle.run("configure", Map.of("accountId", wrongKey.account(), "apikey", "pk_not-a-key-of-this-passerelle"));
        JsonNode errors = moodle.run("check", Map.of("accountId", wrongKey.account())).get("errors");
        assertThat(errors.get("apikey").asString()).contains("Passerelle refused this API key");

        Site wrongSecret = site();
        moodle.run("configure", Map.of("accountId", wrongSecret.account(), "webhooksecret", WebhookSigner.newSecret()));
        errors = moodle.run("check", Map.of("accountId", wrongSecret.account())).get("errors");
        assertThat(errors.get("webhooksecret").asString()).contains("This is not the secret of Passerelle's webhook endpoint "
                + moodle.webhookUrl());

        Site nothingThere = site("http://127.0.0.1:" + emulator().port() + "/nothing");
        errors = moodle.run("check", Map.of("accountId", nothingThere.account())).get("errors");
        assertThat(errors.get("passerelleurl").asString()).contains("No Passerelle API answers at");
    }

    @Test
    void theLearnerPaysComesBackAndIsEnrolledOnceWhateverArrivesAfterwards() {
        Site site = site();
        JsonNode answer = proceed(site);
        assertThat(answer.get("status").asString()).isEqualTo("redirect");
        String checkoutUrl = answer.get("url").asString();
        assertThat(checkoutUrl).startsWith("http://localhost:" + port + "/pay/");

        // the order as Passerelle holds it: amount computed by Moodle, metadata naming what is paid for
        JsonNode attempt = attempt(site);
        JsonNode order = new ApiClient(port, apiKey).get("/api/v1/orders/" + attempt.get("orderid").asString()).body();
        assertThat(order.get("amount").asInt()).isEqualTo(4550);
        assertThat(order.get("reference").asString()).isEqualTo(attempt.get("reference").asString());
        assertThat(order.get("itemName").asString()).isEqualTo("Enrolment: Atelier de poterie");
        assertThat(order.get("payer").get("email").asString()).isEqualTo("marie.curie@example.org");
        assertThat(order.get("payer").get("country").asString()).isEqualTo("FRA");
        assertThat(order.get("metadata").get("component").asString()).isEqualTo("enrol_fee");
        assertThat(order.get("metadata").get("itemId").asLong()).isEqualTo(site.enrol());
        assertThat(order.get("metadata").get("userId").asLong()).isEqualTo(site.learner());
        assertThat(order.get("autoReturn").asBoolean()).isTrue();
        assertThat(order.get("returnUrl").asString()).startsWith(moodle.url() + "/payment/gateway/passerelle/return.php?ref=");

        // pays on HelloAsso, comes back through Passerelle (which checks the payment) straight to Moodle
        Browser browser = browser();
        Browser.Page back = browser.get(payAtHelloAsso(browser, checkoutUrl, CARD).next());
        assertThat(back.status()).isEqualTo(303);
        assertThat(back.location()).isEqualTo(order.get("returnUrl").asString());
        String sid = login(site.learner());
        StandinMoodle.Page returned = moodle.get(URI.create(back.location()), sid);
        assertThat(returned.status()).as(returned.body()).isEqualTo(303);
        assertThat(returned.location()).isEqualTo(courseUrl(site));
        assertThat(enrolled(site)).isTrue();

        JsonNode payment = moodle.rows("payments").stream().filter(p -> p.get("itemid").asLong() == site.enrol())
                .findFirst().orElseThrow();
        assertThat(payment.get("amount").asString()).isEqualTo("45.5");
        assertThat(payment.get("gateway").asString()).isEqualTo("passerelle");

        // Passerelle's order.paid webhook reaches Moodle too (at about the same moment): accepted, nothing more
        String orderId = attempt.get("orderid").asString();
        await().atMost(WAIT).until(() -> deliveries.forOrder(orderId).stream()
                .anyMatch(d -> d.status().equals(WebhookDeliveries.DELIVERED)));
        assertThat(deliveries.forOrder(orderId).getFirst().lastHttpStatus()).isEqualTo(200);
        // a reload of the return page, a second click on "Pay", the task: still one delivery
        assertThat(moodle.get(URI.create(back.location()), sid).location()).isEqualTo(courseUrl(site));
        JsonNode again = proceed(site);
        assertThat(again.get("status").asString()).isEqualTo("delivered");
        assertThat(again.get("url").asString()).isEqualTo(courseUrl(site));
        moodle.run("task", Map.of("later", 3600));
        assertThat(deliveries(site)).isEqualTo(1);
        assertThat(moodle.rows("payments").stream().filter(p -> p.get("itemid").asLong() == site.enrol())).hasSize(1);

        // someone else with the learner's return link gets nothing
        StandinMoodle.Page stranger = moodle.get(URI.create(back.location()), login(site.other()));
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.body()).contains("This payment is another user&apos;s.");
    }

    @Test
    void aLearnerWhoNeverComesBackIsEnrolledByTheWebhookOnce() {
        Site site = site();
        String checkoutUrl = proceed(site).get("url").asString();
        String orderId = attempt(site).get("orderid").asString();
        Browser browser = browser();
        payAtHelloAsso(browser, checkoutUrl, CARD);   // and closes the tab: HelloAsso's redirect is never followed

        // HelloAsso's notification (the emulator sends it) or Passerelle's poller finds the payment; its webhook
        // enrols the learner
        verifier.verify(orderId, order(orderId).checkoutIntentId(), VerificationSource.POLLER, null);
        await().atMost(WAIT).until(() -> deliveries(site) == 1);
        assertThat(enrolled(site)).isTrue();
        await().atMost(WAIT).until(() -> deliveries.forOrder(orderId).getFirst().status().equals(WebhookDeliveries.DELIVERED));

        // sent again (the console's "redeliver"): accepted, delivered nothing more
        WebhookDeliveries.Delivery delivery = deliveries.forOrder(orderId).getFirst();
        assertThat(deliveries.redeliver(delivery.id(), "test")).isTrue();
        await().atMost(WAIT).until(() -> deliveries.find(delivery.id()).orElseThrow().status().equals(WebhookDeliveries.DELIVERED));
        assertThat(deliveries.find(delivery.id()).orElseThrow().lastHttpStatus()).isEqualTo(200);
        assertThat(deliveries(site)).isEqualTo(1);

        // days later the learner opens the return link after all: straight to the course
        String returnUrl = new ApiClient(port, apiKey).get("/api/v1/orders/" + orderId).body().get("returnUrl").asString();
        assertThat(moodle.get(URI.create(returnUrl), login(site.learner())).location()).isEqualTo(courseUrl(site));
        assertThat(deliveries(site)).isEqualTo(1);
    }

    @Test
    void forgedAndReplayedWebhooksAreRefusedAndChangeNothing() {
        // a paid and delivered order, and its genuine webhook as Passerelle sent it
        Site paid = site();
        String checkoutUrl = proceed(paid).get("url").asString();
        String paidOrder = attempt(paid).get("orderid").asString();
        payAtHelloAsso(browser(), checkoutUrl, CARD);
        verifier.verify(paidOrder, order(paidOrder).checkoutIntentId(), VerificationSource.POLLER, null);
        await().atMost(WAIT).until(() -> deliveries(paid) == 1);
        String body = jdbc.sql("SELECT payload FROM webhook_deliveries WHERE order_id = :id").param("id", paidOrder)
                .query(String.class).single();
        String webhookId = "msg_" + paidOrder + "_order.paid";

        // the same message captured and replayed ten minutes later: refused
        long tenMinutesAgo = Instant.now().minusSeconds(600).getEpochSecond();
        StandinMoodle.Page replayed = moodle.postWebhook(headers(webhookId, tenMinutesAgo,
                WebhookSigner.sign(endpoint.secret(), webhookId, tenMinutesAgo, body)), body);
        assertThat(replayed.status()).isEqualTo(401);
        // replayed within five minutes: accepted as the duplicate it is
        long now = Instant.now().getEpochSecond();
        StandinMoodle.Page duplicate = moodle.postWebhook(headers(webhookId, now,
                WebhookSigner.sign(endpoint.secret(), webhookId, now, body)), body);
        assertThat(duplicate.status()).isEqualTo(200);
        assertThat(duplicate.body()).contains("\"result\":\"alreadydelivered\"");
        assertThat(deliveries(paid)).isEqualTo(1);

        // an unpaid order, claimed paid: with another secret, or a genuine signature over a changed body
        Site unpaid = site();
        proceed(unpaid);
        String unpaidOrder = attempt(unpaid).get("orderid").asString();
        String forged = body.replace(paidOrder, unpaidOrder);
        String forgedId = "msg_" + unpaidOrder + "_order.paid";
        assertThat(moodle.postWebhook(headers(forgedId, now, WebhookSigner.sign(WebhookSigner.newSecret(), forgedId, now,
                forged)), forged).status()).isEqualTo(401);
        assertThat(moodle.postWebhook(headers(webhookId, now, WebhookSigner.sign(endpoint.secret(), webhookId, now, body)),
                forged).status()).isEqualTo(401);
        assertThat(moodle.postWebhook(Map.of(), forged).status()).isEqualTo(400);
        // even correctly signed (a leaked secret), the claim is checked with Passerelle: not paid, nothing delivered
        StandinMoodle.Page signed = moodle.postWebhook(headers(forgedId, now, WebhookSigner.sign(endpoint.secret(),
                forgedId, now, forged)), forged);
        assertThat(signed.status()).isEqualTo(200);
        assertThat(signed.body()).contains("\"result\":\"open\"");
        assertThat(deliveries(unpaid)).isZero();
        assertThat(enrolled(unpaid)).isFalse();
    }

    private static Map<String, String> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(timestamp), "webhook-signature", signature);
    }

    @Test
    void aPaymentPendingAtTheBankIsDeliveredByTheScheduledTaskWhenItsWebhookIsLost() {
        Site site = site();
        String checkoutUrl = proceed(site).get("url").asString();
        String orderId = attempt(site).get("orderid").asString();
        Browser browser = browser();
        Browser.Page back = browser.get(payAtHelloAsso(browser, checkoutUrl, BANK_VALIDATION_CARD).next());
        assertThat(order(orderId).status()).isEqualTo(OrderStatus.PENDING);

        StandinMoodle.Page waiting = moodle.get(URI.create(back.location()), login(site.learner()));
        assertThat(waiting.status()).isEqualTo(200);
        assertThat(waiting.body()).contains("Your payment is not confirmed yet")
                .contains("your access follows by itself").contains("http-equiv=\"refresh\"");
        assertThat(deliveries(site)).isZero();

        // the webhook is lost: Moodle cannot be reached when Passerelle sends it
        endpoints.remove(endpoint.id(), "test");
        try {
            emulator().control().settleBankValidations();
            verifier.verify(orderId, order(orderId).checkoutIntentId(), VerificationSource.POLLER, null);
            assertThat(order(orderId).status()).isEqualTo(OrderStatus.PAID);
            assertThat(deliveries(site)).isZero();

            JsonNode early = moodle.run("task", Map.of());
            assertThat(deliveries(site)).as("not due yet: asked again after half its age").isZero();
            assertThat(early.get("output").toString()).contains("0 open payment(s) checked");
            JsonNode run = moodle.run("task", Map.of("later", 600));
            assertThat(run.get("output").toString()).contains("order " + orderId + " paid: delivered");
            assertThat(deliveries(site)).isEqualTo(1);
            assertThat(enrolled(site)).isTrue();
            moodle.run("task", Map.of("later", 7200));
            assertThat(deliveries(site)).isEqualTo(1);
        } finally {
            endpoint = null;   // the next test adds it again
        }
    }

    @Test
    void aFullRefundInPasserelleEndsTheEnrolment() {
        Site site = site();
        String checkoutUrl = proceed(site).get("url").asString();
        String orderId = attempt(site).get("orderid").asString();
        Browser browser = browser();
        moodle.get(URI.create(browser.get(payAtHelloAsso(browser, checkoutUrl, CARD).next()).location()),
                login(site.learner()));
        assertThat(enrolled(site)).isTrue();

        ApiClient.Response refund = new ApiClient(port, apiKey).post("/api/v1/orders/" + orderId + "/refunds", Map.of());
        assertThat(refund.status()).as(refund.raw().body()).isEqualTo(201);
        await().atMost(WAIT).until(() -> !enrolled(site));
        assertThat(attempt(site).get("timerefunded").isNull()).isFalse();
        assertThat(deliveries.forOrder(orderId)).extracting(WebhookDeliveries.Delivery::event)
                .contains("order.paid", "order.refunded");
    }

    /** Logs of the stand-in Moodle, for a failure's message. */
    static List<String> log() {
        return moodle == null ? List.of() : List.of(moodle.serverLog());
    }
}
