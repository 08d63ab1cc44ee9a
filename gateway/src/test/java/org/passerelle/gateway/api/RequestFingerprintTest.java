package org.passerelle.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.order.AccessTokens;
import tools.jackson.databind.json.JsonMapper;

class RequestFingerprintTest {

    private static final List<String> PREVIOUS = List.of("itemName", "amount", "payer", "reference", "metadata",
            "returnUrl", "instalments", "donation");

    private final JsonMapper json = JsonMapper.builder().build();

    private CreateOrderRequest order(Integer amount, Boolean autoReturn) {
        return json.readValue("""
                {"itemName": "Cours de poterie", "amount": %d, "reference": "r-1",
                 "payer": {"firstName": "Marie", "email": "marie@example.org"}, "metadata": {"courseId": 42}
                 %s}""".formatted(amount, autoReturn == null ? "" : ", \"autoReturn\": " + autoReturn),
                CreateOrderRequest.class);
    }

    @Test
    void theSameRequestMatchesAndAnotherDoesNot() {
        RequestFingerprint first = RequestFingerprint.of(json, "", order(1500, null), PREVIOUS);
        assertThat(first.matches(RequestFingerprint.of(json, "", order(1500, null), PREVIOUS).hash())).isTrue();
        assertThat(first.matches(RequestFingerprint.of(json, "", order(1600, null), PREVIOUS).hash())).isFalse();
        assertThat(first.matches(RequestFingerprint.of(json, "", order(1500, true), PREVIOUS).hash())).isFalse();
        assertThat(RequestFingerprint.of(json, "order-1 ", order(1500, null), PREVIOUS).hash())
                .as("another scope (the order a refund is for)")
                .isNotEqualTo(RequestFingerprint.of(json, "order-2 ", order(1500, null), PREVIOUS).hash());
    }

    @Test
    void aFieldAbsentFromTheRequestDoesNotCount() {
        // what a later release adds (a new optional field) must not turn a retry into "another request"
        assertThat(RequestFingerprint.of(json, "", order(1500, null), PREVIOUS).hash())
                .isEqualTo(AccessTokens.hash(canonical()));
    }

    private String canonical() {
        return "{\"itemName\":\"Cours de poterie\",\"amount\":1500,\"payer\":{\"firstName\":\"Marie\","
                + "\"email\":\"marie@example.org\"},\"reference\":\"r-1\",\"metadata\":{\"courseId\":42}}";
    }

    @Test
    void aKeyTakenByThePreviousReleaseStillMatches() {
        // the previous release hashed the request record as serialized, nulls included, without autoReturn
        String previous = AccessTokens.hash("{\"itemName\":\"Cours de poterie\",\"amount\":1500,\"payer\":{\"firstName\":"
                + "\"Marie\",\"lastName\":null,\"email\":\"marie@example.org\",\"country\":null,\"birthDate\":null},"
                + "\"reference\":\"r-1\",\"metadata\":{\"courseId\":42},\"returnUrl\":null,\"instalments\":null,"
                + "\"donation\":null}");
        assertThat(RequestFingerprint.of(json, "", order(1500, null), PREVIOUS).matches(previous)).isTrue();
        assertThat(RequestFingerprint.of(json, "", order(1600, null), PREVIOUS).matches(previous)).isFalse();
        assertThat(RequestFingerprint.of(json, "", order(1500, true), PREVIOUS).matches(previous))
                .as("a field the previous release did not know, used").isFalse();
    }
}
