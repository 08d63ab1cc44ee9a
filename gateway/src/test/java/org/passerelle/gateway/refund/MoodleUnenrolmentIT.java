package org.passerelle.gateway.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.moodle.MoodleEnrolments;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.MoodleDouble;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** With passerelle.refunds.moodle-unenrol (on in the shared test context), a full refund takes the Moodle course back. */
class MoodleUnenrolmentIT extends GatewayTestSupport {

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    PaymentVerifier verifier;
    @Autowired
    MoodleEnrolments enrolments;

    private String status(String orderId) {
        return enrolments.forOrder(orderId).getFirst().status();
    }

    @Test
    void aPartialRefundKeepsTheCourseAndTheFullRefundTakesItBackOnce() {
        long course = 500_000 + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000);
        MOODLE.course(course);
        String email = "learner-" + UUID.randomUUID() + "@example.org";
        MoodleDouble.User user = MOODLE.user(email, "Ada", "Lovelace");
        ApiClient api = new ApiClient(port, apiKeys.create("unenrol " + UUID.randomUUID(), "test").secret());
        Map<String, Object> body = ApiClient.order("unenrol-" + UUID.randomUUID(), 6000);
        body.put("payer", Map.of("firstName", "Ada", "lastName", "Lovelace", "email", email));
        body.put("metadata", Map.of("moodleCourseId", course));
        JsonNode created = api.post("/api/v1/orders", body).body();
        String orderId = created.get("id").asString();
        assertThat(browser().get(URI.create(created.get("checkoutUrl").asString())).status()).isEqualTo(303);
        long intent = order(orderId).checkoutIntentId();
        emulator().control().pay(intent);
        verifier.verify(orderId, intent, VerificationSource.POLLER, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !enrolments.forOrder(orderId).isEmpty()
                && status(orderId).equals("ENROLLED"));
        assertThat(MOODLE.enrolments(course)).extracting(MoodleDouble.Enrolment::userId).containsExactly(user.id());

        assertThat(api.post("/api/v1/orders/" + orderId + "/refunds", Map.of("amount", 1000)).status()).isEqualTo(201);
        emulator().control().advanceClock(Duration.ofSeconds(11));
        assertThat(api.post("/api/v1/orders/" + orderId + "/refunds", Map.of()).status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).until(() -> status(orderId).equals("UNENROLLED"));
        assertThat(MOODLE.enrolments(course)).isEmpty();
        assertThat(MOODLE.calls("enrol_manual_unenrol_users")).isPositive();
        assertThat(events(orderId)).filteredOn(e -> e.action().equals("moodle.unenrolled")).hasSize(1);
        assertThat(enrolments.retry(enrolments.forOrder(orderId).getFirst().id(), "test"))
                .as("an unenrolled row is not enrolled again by a retry").isFalse();
    }
}
