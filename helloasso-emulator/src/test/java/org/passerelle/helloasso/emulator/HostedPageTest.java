package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The hosted payment page over plain HTTP (the browser-driven flow is in HostedPageIT). */
class HostedPageTest {

    static HelloAssoEmulator emulator;
    Api api;

    @BeforeAll
    static void start() {
        emulator = HelloAssoEmulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void fresh() {
        emulator.control().reset();
        api = new Api(emulator);
    }

    Api.Reply page(String url, String acceptLanguage) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        return api.raw(request);
    }

    Api.Reply submit(String url, String form) {
        return api.raw(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    @Test
    void showsTheOrganizationItemAmountTermsPayerAndTestCardsInFrench() {
        ObjectNode body = Api.checkoutBody(3000);
        body.put("initialAmount", 1000);
        body.put("itemName", "Stage <d'été>");
        var terms = body.putArray("terms");
        java.time.LocalDate today = java.time.LocalDate.ofInstant(emulator.control().now(), EmulatorClock.PARIS);
        terms.addObject().put("amount", 2000).put("date", today.plusMonths(1) + "T00:00:00Z");
        body.putObject("payer").put("firstName", "Jeanne").put("lastName", "Martin").put("email", "jeanne@example.org");
        String url = api.createIntent(body).get("redirectUrl").asString();

        Api.Reply page = page(url, null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"fr\"", "Passerelle Démo", "Stage &lt;d&#39;été&gt;", "30,00\u00a0€",
                "10,00\u00a0€", "20,00\u00a0€", "value=\"Jeanne\"", "name=\"cardNumber\"", "4242 4242 4242 4242",
                "href=\"http://127.0.0.1:1/back?order=42\"", "method=\"post\"");
        assertThat(page.body()).doesNotContain("<d'été>");
    }

    @Test
    void speaksEnglishWhenAskedByHeaderOrParameter() {
        String url = api.createIntent(Api.checkoutBody(1250)).get("redirectUrl").asString();

        assertThat(page(url, "en-GB,en;q=0.9").body()).contains("<html lang=\"en\"", "€12.50", "Card number");
        assertThat(page(url + "?lang=en", "fr-FR").body()).contains("Card number");
        assertThat(page(url + "?lang=fr", "en").body()).contains("Numéro de carte");
    }

    @Test
    void theSuccessCardRedirectsToReturnUrlKeepingTheCallersParameters() {
        JsonNode created = api.createIntent(Api.checkoutBody(1250));
        long id = created.get("id").asLong();

        Api.Reply reply = submit(created.get("redirectUrl").asString(),
                "firstName=Jeanne&lastName=Martin&email=jeanne%40example.org&cardNumber=4242+4242+4242+4242");

        assertThat(reply.status()).isEqualTo(303);
        long orderId = ((Number) emulator.control().checkoutIntent(id).get("orderId")).longValue();
        assertThat(reply.header("Location")).isEqualTo("http://127.0.0.1:1/return?order=42&checkoutIntentId=" + id
                + "&code=succeeded&orderId=" + orderId);
        JsonNode order = api.get("/v5/orders/" + orderId).json();
        assertThat(order.get("payer").get("email").asString()).isEqualTo("jeanne@example.org");
    }

    @Test
    void refusedTechnicalErrorAndBankValidationCardsGoWhereHelloAssoSendsThem() {
        JsonNode refused = api.createIntent(Api.checkoutBody(1000));
        assertThat(submit(refused.get("redirectUrl").asString(), payer("4000000000000002")).header("Location"))
                .isEqualTo("http://127.0.0.1:1/return?order=42&checkoutIntentId=" + refused.get("id").asLong() + "&code=refused");

        JsonNode error = api.createIntent(Api.checkoutBody(1000));
        assertThat(submit(error.get("redirectUrl").asString(), payer("4000000000000119")).header("Location"))
                .startsWith("http://127.0.0.1:1/error?order=42&checkoutIntentId=" + error.get("id").asLong() + "&error=");

        JsonNode bank = api.createIntent(Api.checkoutBody(1000));
        assertThat(submit(bank.get("redirectUrl").asString(), payer("4000000000000077")).header("Location")).contains("code=succeeded");
        assertThat(api.get("/v5/organizations/passerelle-demo/checkout-intents/" + bank.get("id").asLong()).json().has("order"))
                .as("not authorized yet").isFalse();
        emulator.control().advanceClock(Duration.ofMinutes(5));
        api.useToken(null);
        assertThat(api.get("/v5/organizations/passerelle-demo/checkout-intents/" + bank.get("id").asLong()).json().has("order")).isTrue();
    }

    @Test
    void anInvalidCardShowsAnErrorAndKeepsThePayer() {
        String url = api.createIntent(Api.checkoutBody(1000)).get("redirectUrl").asString();

        Api.Reply reply = submit(url, payer("1234"));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).contains("id=\"card-error\"", "value=\"Jeanne\"");
        assertThat(submit(url, payer("4242424242424242")).status()).isEqualTo(303);
        assertThat(page(url, null).body()).as("a paid intent cannot be paid again").contains("déjà");
    }

    @Test
    void anExpiredIntentShowsAnExpiryPage() {
        String url = api.createIntent(Api.checkoutBody(1000)).get("redirectUrl").asString();
        emulator.control().advanceClock(Duration.ofMinutes(16));

        Api.Reply page = page(url, "en");
        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("expired").doesNotContain("cardNumber");
        assertThat(submit(url, payer("4242424242424242")).status()).isEqualTo(410);
        assertThat(page(emulator.baseUrl() + "/associations/passerelle-demo/checkout/" + "0".repeat(32), null).status()).isEqualTo(404);
    }

    @Test
    void theReceiptUrlOpensAReceipt() {
        long orderId = emulator.control().pay(api.createIntent(Api.checkoutBody(1000)).get("id").asLong());
        String receipt = api.get("/v5/orders/" + orderId).json().get("payments").get(0).get("paymentReceiptUrl").asString();

        Api.Reply page = page(receipt, null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Attestation de paiement", Long.toString(orderId), "10,00");
    }

    private static String payer(String card) {
        return "firstName=Jeanne&lastName=Martin&email=jeanne%40example.org&cardNumber=" + card;
    }
}
