package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.contract.HelloAssoContract;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every kind of answer and notification the emulator produces, through each state a payment can reach (terms,
 * refunds, failed refunds, disputes, bank validation, cash-out, cancellation, lists, CSV, Form and Organization
 * notifications), held to HelloAsso's OpenAPI spec by the contract check. Skipped, with a message, without the spec.
 */
class ResponseContractTest {

    static final HelloAssoContract CONTRACT = HelloAssoContract.open();
    static HelloAssoEmulator emulator;
    static Api api;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(CONTRACT.enabled(), "SKIPPED: HelloAsso's OpenAPI spec not found beside the project");
        emulator = HelloAssoEmulator.start(EmulatorConfig.builder().accessTokenTtl(Duration.ofDays(400)).build());
        emulator.control().observe(new ContractObserver(CONTRACT));
        api = new Api(emulator);
    }

    @AfterEach
    void followedTheSpec() {
        CONTRACT.assertNoViolations();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            System.out.println(CONTRACT.summary());
            emulator.close();
        }
    }

    @Test
    void checkoutIntentsPaymentsRefundsAndListsInEveryStateMatchTheSpec() {
        ObjectNode body = Api.checkoutBody(3000);
        body.put("initialAmount", 1000);
        LocalDate today = LocalDate.ofInstant(emulator.control().now(), EmulatorClock.PARIS);
        body.putArray("terms").addObject().put("amount", 2000).put("date", today.plusMonths(1) + "T00:00:00Z");
        body.putObject("payer").put("firstName", "Jeanne").put("lastName", "Martin").put("email", "jeanne@example.org")
                .put("country", "FRA").put("dateOfBirth", "1980-02-03T00:00:00Z").put("city", "Lyon").put("zipCode", "69001")
                .put("address", "1 rue de la République").put("companyName", "ACME");
        body.putObject("paymentOptions").put("enableSepa", false);
        api.get("/v5/organizations/passerelle-demo");
        long intentId = api.createIntent(body).get("id").asLong();
        api.get("/v5/organizations/passerelle-demo/checkout-intents/" + intentId);

        long orderId = emulator.control().pay(intentId);
        api.get("/v5/organizations/passerelle-demo/checkout-intents/" + intentId);
        long paymentId = emulator.control().paymentIds(orderId).getFirst();
        api.post("/v5/payments/" + paymentId + "/refund?amount=300&comment=geste&sendRefundMail=false", null);
        api.get("/v5/payments/" + paymentId);
        emulator.control().advanceClock(Duration.ofSeconds(30));
        api.get("/v5/orders/" + orderId);

        long failing = emulator.control().paymentIds(emulator.control().pay(api.createIntent(Api.checkoutBody(900)).get("id").asLong())).getFirst();
        emulator.control().failNextRefundOperations(1);
        api.post("/v5/payments/" + failing + "/refund", null);
        emulator.control().advanceClock(Duration.ofSeconds(30));
        JsonNode withFailed = api.get("/v5/payments/" + failing + "?withFailedRefundOperation=true").json();
        assertThat(withFailed.at("/refundOperations/0/status").asString()).isEqualTo("Error");

        long contested = emulator.control().paymentIds(emulator.control().pay(api.createIntent(Api.checkoutBody(700)).get("id").asLong())).getFirst();
        emulator.control().contest(contested);
        emulator.control().payWithBankValidation(api.createIntent(Api.checkoutBody(800)).get("id").asLong());
        emulator.control().cashOut();
        api.post("/v5/orders/" + orderId + "/cancel", null);
        api.post("/v5/payments/" + paymentId + "/refund?cancelOrder=true", null);
        emulator.control().advanceClock(Duration.ofDays(40));

        api.get("/v5/organizations/passerelle-demo/orders?pageSize=50&withDetails=true&formTypes=Checkout");
        api.get("/v5/organizations/passerelle-demo/payments?pageSize=50&states=Authorized&states=Refunded&sortField=UpdateDate&sortOrder=Asc");
        api.get("/v5/organizations/passerelle-demo/forms/Checkout/default/payments?pageSize=50");
        api.get("/v5/organizations/passerelle-demo/forms/Checkout/default/orders?pageSize=50");
        for (String accept : new String[] {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}) {
            assertThat(api.raw(java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.baseUrl()
                    + "/v5/organizations/passerelle-demo/payments?pageSize=5")).header("Authorization", "Bearer " + api.token())
                    .header("Accept", accept)).status()).isEqualTo(200);
        }
        assertThat(CONTRACT.validated()).containsKeys("GET /payments/{paymentId}", "POST /payments/{paymentId}/refund",
                "notification Payment", "notification Order");
    }

    @Test
    void notificationUrlsPartnerFormAndOrganizationNotificationsMatchTheSpec() {
        api.put("/v5/partners/me/api-notifications", "{\"url\":\"http://127.0.0.1:9/hook\",\"notificationType\":\"Payment\"}");
        api.put("/v5/partners/me/api-notifications/organizations/passerelle-demo", "{\"url\":\"http://127.0.0.1:9/hook2\"}");
        api.get("/v5/partners/me");
        api.delete("/v5/partners/me/api-notifications?notificationType=Payment");
        emulator.control().dropNotifications(true);

        emulator.control().notifyForm("passerelle-demo", "Event", "gala-2026", "Gala 2026");
        emulator.control().notifyOrganizationSlugChanged("passerelle-demo", "passerelle-demo-2");

        assertThat(CONTRACT.validated()).containsKeys("notification Form", "notification Organization",
                "PUT /partners/me/api-notifications", "GET /partners/me");
    }
}
