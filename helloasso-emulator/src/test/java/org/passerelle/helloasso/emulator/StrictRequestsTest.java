package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.LocalDate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What HelloAsso's spec refuses, the emulator refuses, in HelloAsso's error shape: properties the models do not
 * declare ({@code additionalProperties: false}), bodies that are not JSON, bare dates where the spec wants a
 * date-time. A client bug that HelloAsso would answer 400 fails here too.
 */
class StrictRequestsTest {

    static HelloAssoEmulator emulator;
    static Api api;

    @BeforeAll
    static void start() {
        emulator = HelloAssoEmulator.start();
        api = new Api(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static final String CHECKOUT = "/v5/organizations/passerelle-demo/checkout-intents";

    @Test
    void anUnknownPropertyAnywhereInTheCheckoutBodyIsRefusedAndNamed() {
        ObjectNode body = Api.checkoutBody(1000);
        body.put("currency", "EUR");
        body.putObject("payer").put("firstName", "Jeanne").put("phone", "0600000000");
        body.putObject("paymentOptions").put("enableSepa", false).put("enableCheque", true);

        Api.Reply reply = api.post(CHECKOUT, body.toString());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").findValuesAsString("code"))
                .containsExactlyInAnyOrder("currency", "payer.phone", "paymentOptions.enableCheque");
        body.remove("currency");
        ((ObjectNode) body.get("payer")).remove("phone");
        ((ObjectNode) body.get("paymentOptions")).remove("enableCheque");
        assertThat(api.post(CHECKOUT, body.toString()).status()).as("paymentOptions.enableSepa is in the spec").isEqualTo(200);
    }

    @Test
    void anUnknownTermPropertyIsRefused() {
        ObjectNode body = Api.checkoutBody(2000);
        body.put("initialAmount", 1000);
        body.putArray("terms").addObject().put("amount", 1000).put("date", nextMonth() + "T00:00:00Z").put("label", "2/2");

        Api.Reply reply = api.post(CHECKOUT, body.toString());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").findValuesAsString("code")).containsExactly("terms[0].label");
    }

    @Test
    void aBodyThatIsNotDeclaredAsJsonIsRefusedWith415InTheErrorShape() {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
            Api.Reply reply = api.raw(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + CHECKOUT))
                    .header("Authorization", "Bearer " + api.token()).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(Api.checkoutBody(1000).toString())));
            assertThat(reply.status()).as(type).isEqualTo(415);
            assertThat(reply.json().get("errors").get(0).get("message").asString()).contains(type);
        }
        Api.Reply none = api.raw(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + CHECKOUT))
                .header("Authorization", "Bearer " + api.token())
                .POST(HttpRequest.BodyPublishers.ofString(Api.checkoutBody(1000).toString())));
        assertThat(none.status()).isEqualTo(415);
        for (String type : new String[] {"application/json; charset=utf-8", "text/json", "application/json-patch+json"}) {
            Api.Reply ok = api.raw(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + CHECKOUT))
                    .header("Authorization", "Bearer " + api.token()).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(Api.checkoutBody(1000).toString())));
            assertThat(ok.status()).as(type).isEqualTo(200);
        }
    }

    @Test
    void bareDatesAreRefusedWhereTheSpecWantsADateTime() {
        ObjectNode body = Api.checkoutBody(2000);
        body.put("initialAmount", 1000);
        body.putArray("terms").addObject().put("amount", 1000).put("date", nextMonth().toString());
        body.putObject("payer").put("firstName", "Jeanne").put("lastName", "Martin").put("dateOfBirth", "1980-02-03");

        Api.Reply reply = api.post(CHECKOUT, body.toString());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").findValuesAsString("code"))
                .containsExactlyInAnyOrder("terms[0].date", "payer.dateOfBirth");
        ((ObjectNode) body.get("terms").get(0)).put("date", nextMonth() + "T00:00:00Z");
        ((ObjectNode) body.get("payer")).put("dateOfBirth", "1980-02-03T00:00:00Z");
        JsonNode created = api.createIntent(body);
        assertThat(emulator.control().checkoutIntent(created.get("id").asLong()).get("terms").toString())
                .contains(nextMonth().toString());
    }

    @Test
    void listingsRefuseABareDateOrALocalTimeInFromAndTo() {
        for (String list : new String[] {"orders", "payments"}) {
            String path = "/v5/organizations/passerelle-demo/" + list;
            Api.Reply bare = api.get(path + "?from=2026-01-01");
            assertThat(bare.status()).as(list).isEqualTo(400);
            assertThat(bare.json().get("errors").get(0).get("code").asString()).isEqualTo("from");
            assertThat(api.get(path + "?to=2026-01-01T00:00:00").status()).as(list).isEqualTo(400);
            assertThat(api.get(path + "?from=2026-01-01T00:00:00%2B01:00&to=2026-02-01T00:00:00Z").status()).isEqualTo(200);
        }
    }

    @Test
    void notificationUrlBodiesAreCheckedToo() {
        Api.Reply unknown = api.put("/v5/partners/me/api-notifications", "{\"url\":\"http://127.0.0.1:9/h\",\"secret\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("code").asString()).isEqualTo("secret");
        Api.Reply plain = api.raw(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v5/partners/me/api-notifications"))
                .header("Authorization", "Bearer " + api.token()).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"url\":\"http://127.0.0.1:9/h\"}")));
        assertThat(plain.status()).isEqualTo(415);
    }

    private static LocalDate nextMonth() {
        return LocalDate.ofInstant(emulator.control().now(), EmulatorClock.PARIS).plusMonths(1);
    }
}
