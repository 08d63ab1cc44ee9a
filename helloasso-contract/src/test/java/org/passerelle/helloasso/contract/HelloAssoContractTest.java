package org.passerelle.helloasso.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The check itself: it catches what the spec forbids, and lets through only what the allow-list names. */
class HelloAssoContractTest {

    HelloAssoContract contract;

    @BeforeEach
    void load() {
        contract = HelloAssoContract.open();
        Assumptions.assumeTrue(contract.enabled(), "SKIPPED: HelloAsso's OpenAPI spec not found beside the project");
    }

    private static HttpExchange post(String path, String contentType, String body, int status, String answer) {
        return new HttpExchange("POST", path, null, Map.of("Content-Type", List.of(contentType), "Accept", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8), status, "application/json; charset=utf-8",
                answer.getBytes(StandardCharsets.UTF_8));
    }

    static final String CHECKOUT = """
            {"totalAmount":2000,"initialAmount":1000,"itemName":"Stage","backUrl":"https://x/b","errorUrl":"https://x/e",
             "returnUrl":"https://x/r","containsDonation":false,"terms":[{"amount":1000,"date":"%s"}]%s}""";

    @Test
    void aRequestAsTheSpecWantsItAndItsAnswerPass() {
        contract.exchange(post("/v5/organizations/demo/checkout-intents", "application/json",
                CHECKOUT.formatted("2026-04-01T00:00:00Z", ""), 200, "{\"id\":1,\"redirectUrl\":\"https://x/pay\"}"));

        assertThat(contract.takeViolations()).isEmpty();
        assertThat(contract.validated()).containsEntry("POST /organizations/{organizationSlug}/checkout-intents", 1L);
    }

    @Test
    void unknownPropertiesBareDatesWrongContentTypesAndBadAnswersAreCaught() {
        contract.exchange(post("/v5/organizations/demo/checkout-intents", "application/json",
                CHECKOUT.formatted("2026-04-01", ",\"currency\":\"EUR\""), 200, "{\"id\":\"one\"}"));
        contract.exchange(post("/v5/organizations/demo/checkout-intents", "text/plain",
                CHECKOUT.formatted("2026-04-01T00:00:00Z", ""), 200, "{\"id\":1}"));
        contract.exchange(new HttpExchange("GET", "/v5/organizations/demo/payments", "from=2026-01-01&states=Paid",
                Map.of(), new byte[0], 200, "application/json", "{\"data\":[],\"pagination\":{}}".getBytes(StandardCharsets.UTF_8)));

        List<Violation> violations = contract.takeViolations();
        assertThat(violations).extracting(Violation::message).anySatisfy(m -> assertThat(m).contains("currency"));
        assertThat(violations).extracting(Violation::message).anySatisfy(m -> assertThat(m).contains("/terms/0/date").contains("\"2026-04-01\" is invalid"));
        assertThat(violations).extracting(Violation::key).contains("validation.request.contentType.notAllowed");
        assertThat(violations).extracting(Violation::key).anySatisfy(k -> assertThat(k).contains("response.body.schema"));
        assertThat(violations).extracting(Violation::message).anySatisfy(m -> assertThat(m).contains("Paid"));
        assertThat(violations).extracting(Violation::message).anySatisfy(m -> assertThat(m).contains("\"2026-01-01\" is invalid"));
    }

    @Test
    void notificationsAreCheckedAgainstTheirModelAndOnlyTheDocumentedExtrasPass() {
        contract.notification("Order", """
                {"eventType":"Order","data":{"id":1,"formType":"Checkout","isAnonymous":false,"isAmountHidden":false},"metadata":{"a":1}}""");
        assertThat(contract.takeViolations()).as("the two extras api-notes documents").isEmpty();

        contract.notification("Order", """
                {"eventType":"Order","data":{"id":1,"formType":"Checkout","isAnonymous":false,"secret":1},"signature":"x"}""");
        contract.notification("Payment", """
                {"eventType":"Payment","data":{"id":1,"state":"Paid"}}""");

        List<Violation> violations = contract.takeViolations();
        assertThat(violations).extracting(Violation::where).contains("notification Order", "notification Payment");
        assertThat(violations).extracting(Violation::key).contains("contract.notification.envelope");
        assertThat(violations).extracting(Violation::message).anySatisfy(m -> assertThat(m).contains("secret"));
        assertThat(violations).extracting(Violation::message).anySatisfy(m -> assertThat(m).contains("Paid"));
        assertThatThrownBy(() -> {
            contract.notification("Payment", "{\"eventType\":\"Payment\",\"data\":{\"bogus\":true}}");
            contract.assertNoViolations();
        }).isInstanceOf(AssertionError.class).hasMessageContaining("bogus");
    }

    @Test
    void everyAllowedDeviationHasAReason() {
        assertThat(AllowList.load().entries()).isNotEmpty().allSatisfy(e -> assertThat(e.reason()).hasSizeGreaterThan(30));
    }
}
