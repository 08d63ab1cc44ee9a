package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class CheckoutIntentTest {

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

    @Test
    void createsAnIntentWithARedirectUrlShapedLikeHelloAssos() {
        JsonNode created = api.createIntent(Api.checkoutBody(1250));

        assertThat(created.propertyNames()).containsExactlyInAnyOrder("id", "redirectUrl");
        assertThat(created.get("redirectUrl").asString())
                .matches(java.util.regex.Pattern.quote(emulator.baseUrl() + "/associations/passerelle-demo/checkout/") + "[0-9a-f]{32}");
    }

    @Test
    void getReturnsIdRedirectUrlAndMetadataAndNoOrderBeforePayment() {
        JsonNode created = api.createIntent(Api.checkoutBody(1250));

        Api.Reply got = api.get("/v5/organizations/passerelle-demo/checkout-intents/" + created.get("id").asLong());

        assertThat(got.status()).isEqualTo(200);
        JsonNode intent = got.json();
        assertThat(intent.get("id").asLong()).isEqualTo(created.get("id").asLong());
        assertThat(intent.get("redirectUrl").asString()).isEqualTo(created.get("redirectUrl").asString());
        assertThat(intent.get("metadata").get("reference").asString()).isEqualTo("ORDER-42");
        assertThat(intent.has("order")).isFalse();
    }

    @Test
    void payingThroughTheControlApiAddsTheOrderAsHelloAssoBuildsIt() {
        long id = api.createIntent(Api.checkoutBody(1250)).get("id").asLong();

        long orderId = emulator.control().pay(id);

        JsonNode order = api.get("/v5/organizations/passerelle-demo/checkout-intents/" + id).json().get("order");
        assertThat(order.get("id").asLong()).isEqualTo(orderId);
        assertThat(order.get("checkoutIntentId").asLong()).isEqualTo(id);
        assertThat(order.get("formType").asString()).isEqualTo("Checkout");
        assertThat(order.get("formSlug").asString()).isEqualTo("default");
        assertThat(order.get("amount").get("total").asInt()).isEqualTo(1250);
        assertThat(order.get("items")).hasSize(1);
        assertThat(order.get("items").get(0).get("id").asLong()).isEqualTo(orderId);
        assertThat(order.get("items").get(0).get("name").asString()).isEqualTo("Adhésion 2026");
        JsonNode payment = order.get("payments").get(0);
        assertThat(payment.get("state").asString()).isEqualTo("Authorized");
        assertThat(payment.get("amount").asInt()).isEqualTo(1250);
        assertThat(payment.get("paymentReceiptUrl").asString())
                .isEqualTo(emulator.baseUrl() + "/associations/passerelle-demo/checkout/paiement-attestation/" + orderId);
        assertThat(order.get("date").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}[+-]\\d\\d:\\d\\d");
        assertThat(order.get("isAnonymous").asBoolean()).isFalse();
    }

    @Test
    void instalmentsBecomePendingPaymentsOnTheirDatesThenAuthorizedWhenTheClockGetsThere() {
        ObjectNode body = Api.checkoutBody(3000);
        body.put("initialAmount", 1000);
        LocalDate today = LocalDate.ofInstant(emulator.control().now(), EmulatorClock.PARIS);
        body.putArray("terms").addObject().put("amount", 1000).put("date", today.plusMonths(1) + "T00:00:00Z");
        ((tools.jackson.databind.node.ArrayNode) body.get("terms")).addObject().put("amount", 1000).put("date", today.plusMonths(2) + "T00:00:00+01:00");
        long id = api.createIntent(body).get("id").asLong();
        long orderId = emulator.control().pay(id);

        JsonNode payments = api.get("/v5/orders/" + orderId).json().get("payments");
        assertThat(payments).hasSize(3);
        assertThat(payments.get(0).get("state").asString()).isEqualTo("Authorized");
        assertThat(payments.get(1).get("state").asString()).isEqualTo("Pending");
        assertThat(payments.get(1).get("installmentNumber").asInt()).isEqualTo(2);
        assertThat(payments.get(1).get("date").asString()).startsWith(today.plusMonths(1) + "T00:00:00.0000000");
        assertThat(payments.get(1).has("paymentReceiptUrl")).isFalse();

        emulator.control().advanceClock(Duration.ofDays(32));
        api.useToken(null); // the access token expired with the month that passed

        JsonNode after = api.get("/v5/orders/" + orderId).json().get("payments");
        assertThat(after.get(1).get("state").asString()).isEqualTo("Authorized");
        assertThat(after.get(2).get("state").asString()).isEqualTo("Pending");
    }

    @Test
    void aLaterTermAskedToBeRefusedIsRefusedWhenItFallsDueAndTheOthersAreTaken() {
        ObjectNode body = Api.checkoutBody(3000);
        body.put("initialAmount", 1000);
        LocalDate today = LocalDate.ofInstant(emulator.control().now(), EmulatorClock.PARIS);
        body.putArray("terms").addObject().put("amount", 1000).put("date", today.plusMonths(1) + "T00:00:00Z");
        ((tools.jackson.databind.node.ArrayNode) body.get("terms")).addObject().put("amount", 1000).put("date", today.plusMonths(2) + "T00:00:00Z");
        long orderId = emulator.control().pay(api.createIntent(body).get("id").asLong());

        long refused = emulator.control().refuseInstalment(orderId, 2);
        assertThat(emulator.control().paymentIds(orderId).get(1)).isEqualTo(refused);
        assertThat(emulator.control().paymentState(refused)).isEqualTo("Pending");
        assertThatThrownBy(() -> emulator.control().refuseInstalment(orderId, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> emulator.control().refuseInstalment(orderId, 4)).isInstanceOf(IllegalArgumentException.class);

        emulator.control().advanceClock(Duration.ofDays(63));
        assertThat(emulator.control().paymentIds(orderId)).extracting(emulator.control()::paymentState)
                .containsExactly("Authorized", "Refused", "Authorized");
    }

    @Test
    void rejectsAnInvalidBodyWithEveryProblemInHelloAssosErrorShape() {
        ObjectNode body = Api.checkoutBody(1000);
        body.put("totalAmount", 1200);
        body.put("itemName", "");
        body.remove("returnUrl");

        Api.Reply reply = api.post("/v5/organizations/passerelle-demo/checkout-intents", body.toString());

        assertThat(reply.status()).isEqualTo(400);
        JsonNode errors = reply.json().get("errors");
        assertThat(errors.findValuesAsString("code")).contains("totalAmount", "itemName", "returnUrl");
        assertThat(errors.get(0).get("message").asString()).isNotBlank();
    }

    @Test
    void rejectsAmountsUnderFiftyCentsAndMalformedJson() {
        assertThat(api.post("/v5/organizations/passerelle-demo/checkout-intents", Api.checkoutBody(49).toString()).status())
                .isEqualTo(400);
        Api.Reply malformed = api.post("/v5/organizations/passerelle-demo/checkout-intents", "{\"totalAmount\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("errors").get(0).get("message").asString()).contains("not valid JSON");
    }

    @Test
    void rejectsPayersHelloAssoFindsFakeSoTheCallerCanRetryWithoutPayer() {
        for (String[] payer : new String[][] {
                {"Test", "Martin", "jeanne@example.org", "1990-01-01"},
                {"Jeanne", "Martin2", "jeanne@example.org", "1990-01-01"},
                {"Jeanne", "Martin", "not-an-email", "1990-01-01"},
                {"Jeanne", "Martin", "jeanne@example.org", LocalDate.now().minusYears(12).toString()}}) {
            ObjectNode body = Api.checkoutBody(1000);
            body.putObject("payer").put("firstName", payer[0]).put("lastName", payer[1]).put("email", payer[2])
                    .put("dateOfBirth", payer[3] + "T00:00:00Z");
            Api.Reply reply = api.post("/v5/organizations/passerelle-demo/checkout-intents", body.toString());
            assertThat(reply.status()).as("payer %s", String.join(",", payer)).isEqualTo(400);
            assertThat(reply.json().get("errors").get(0).get("code").asString()).startsWith("payer.");

            body.remove("payer");
            assertThat(api.post("/v5/organizations/passerelle-demo/checkout-intents", body.toString()).status()).isEqualTo(200);
        }
    }

    @Test
    void acceptsARealPayerAndShowsItOnTheOrder() {
        ObjectNode body = Api.checkoutBody(1000);
        body.putObject("payer").put("firstName", "Zoé").put("lastName", "D'Arc-Dupont").put("email", "zoe@example.org")
                .put("country", "FRA").put("dateOfBirth", "1985-04-12T00:00:00Z");
        long id = api.createIntent(body).get("id").asLong();
        long orderId = emulator.control().pay(id);

        JsonNode payer = api.get("/v5/orders/" + orderId).json().get("payer");
        assertThat(payer.get("firstName").asString()).isEqualTo("Zoé");
        assertThat(payer.get("country").asString()).isEqualTo("FRA");
    }

    @Test
    void unknownOrganizationAndUnknownIntentAre404() {
        assertThat(api.post("/v5/organizations/nobody/checkout-intents", Api.checkoutBody(1000).toString()).status()).isEqualTo(404);
        assertThat(api.get("/v5/organizations/passerelle-demo/checkout-intents/999999").status()).isEqualTo(404);
    }

    @Test
    void anIntentExpiresAfterFifteenMinutesAndCannotBePaidAnymore() {
        long id = api.createIntent(Api.checkoutBody(1000)).get("id").asLong();

        emulator.control().advanceClock(Duration.ofMinutes(15));

        assertThat(emulator.control().checkoutIntent(id)).containsEntry("expired", true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> emulator.control().pay(id))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expired");
    }
}
