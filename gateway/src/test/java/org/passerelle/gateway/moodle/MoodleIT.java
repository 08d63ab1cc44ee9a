package org.passerelle.gateway.moodle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.MoodleDouble;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Paid orders enrol their payer in Moodle through its web services (a double following Moodle's formats). */
class MoodleIT extends GatewayTestSupport {

    @Autowired
    MoodleEnrolments enrolments;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    PaymentVerifier verifier;

    private long course() {
        return 1000 + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);
    }

    private static String email() {
        return "student-" + UUID.randomUUID() + "@example.org";
    }

    /** An API order naming the course in its metadata, paid on the emulator and verified. */
    private String paidOrder(long courseId, String email) {
        ApiClient api = new ApiClient(port, apiKeys.create("moodle " + UUID.randomUUID(), "test").secret());
        Map<String, Object> body = ApiClient.order("moodle-" + UUID.randomUUID(), 9000);
        body.put("payer", Map.of("firstName", "Ada", "lastName", "Lovelace", "email", email));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("moodleCourseId", courseId);
        body.put("metadata", metadata);
        JsonNode created = api.post("/api/v1/orders", body).body();
        String orderId = created.get("id").asString();
        assertThat(browser().get(URI.create(created.get("checkoutUrl").asString())).status()).isEqualTo(303);
        long intent = order(orderId).checkoutIntentId();
        emulator().control().pay(intent);
        verifier.verify(orderId, intent, VerificationSource.POLLER, null);
        return orderId;
    }

    private MoodleEnrolments.Enrolment enrolment(String orderId) {
        return enrolments.forOrder(orderId).getFirst();
    }

    private void awaitEnrolment(String orderId, String status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !enrolments.forOrder(orderId).isEmpty()
                && enrolment(orderId).status().equals(status));
    }

    /** Waits until the failed attempt is recorded (its next attempt is planned in the future). */
    private void awaitFailure(String orderId, int attempts) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !enrolments.forOrder(orderId).isEmpty()
                && enrolment(orderId).attempts() == attempts && enrolment(orderId).lastError() != null
                && enrolment(orderId).nextAttemptAt().toInstant().isAfter(clock.instant()));
    }

    @Test
    void anExistingUserIsEnrolledOnceWithTheRoleAndPeriodEvenWhenDeliveredAgain() throws Exception {
        long course = course();
        MOODLE.course(course);
        String email = email();
        MoodleDouble.User user = MOODLE.user(email, "Ada", "Lovelace");
        long enrolCallsBefore = MOODLE.calls("enrol_manual_enrol_users");
        long createCallsBefore = MOODLE.calls("core_user_create_users");

        String orderId = paidOrder(course, email);
        awaitEnrolment(orderId, "ENROLLED");
        assertThat(enrolment(orderId).moodleUserId()).isEqualTo(user.id());
        List<MoodleDouble.Enrolment> inCourse = MOODLE.enrolments(course);
        assertThat(inCourse).singleElement().satisfies(e -> {
            assertThat(e.userId()).isEqualTo(user.id());
            assertThat(e.roleId()).isEqualTo(5);
            assertThat(e.timeStart()).isEqualTo(order(orderId).paidAt().toEpochSecond());
            assertThat(e.timeEnd() - e.timeStart()).isEqualTo(Duration.ofDays(365).toSeconds());
        });
        assertThat(MOODLE.calls("core_user_create_users")).isEqualTo(createCallsBefore);
        assertThat(events(orderId)).anySatisfy(e -> assertThat(e.action()).isEqualTo("moodle.enrolled"));

        // the outbox row delivered again (a crash before it was marked): no second enrolment call
        long outboxId = outbox.forOrder(orderId).getFirst().id();
        enrolments.deliver(new FulfilmentEvent(outboxId, FulfilmentEvent.ORDER_PAID, "", 2, order(orderId)));
        enrolments.sweep();
        assertThat(enrolments.retry(enrolment(orderId).id(), "admin")).isFalse();
        Thread.sleep(500);   // give a wrongly queued attempt the time to show
        assertThat(MOODLE.calls("enrol_manual_enrol_users") - enrolCallsBefore).isEqualTo(1);
        assertThat(enrolments.forOrder(orderId)).hasSize(1);
    }

    @Test
    void aNewPayerGetsAMoodleAccount() {
        long course = course();
        MOODLE.course(course);
        String email = email();
        String orderId = paidOrder(course, email);
        awaitEnrolment(orderId, "ENROLLED");
        MoodleDouble.User created = MOODLE.userByEmail(email);
        assertThat(created).isNotNull();
        assertThat(created.firstName()).isEqualTo("Ada");
        assertThat(created.lastName()).isEqualTo("Lovelace");
        assertThat(MOODLE.enrolments(course)).extracting(MoodleDouble.Enrolment::userId).containsExactly(created.id());
    }

    @Test
    void anInvalidTokenOrAMissingCapabilityIsReportedAndRetriedUntilFixed() {
        long course = course();
        MOODLE.course(course);
        String email = email();
        MOODLE.user(email, "Ada", "Lovelace");
        MOODLE.tokenRevoked(true);
        try {
            String orderId = paidOrder(course, email);
            awaitFailure(orderId, 1);
            assertThat(enrolment(orderId).status()).isEqualTo("PENDING");
            assertThat(enrolment(orderId).lastError())
                    .contains("token is unknown or expired", "passerelle.moodle.token", "invalidtoken")
                    .doesNotContain(MoodleDouble.TOKEN);
            assertThat(events(orderId)).anySatisfy(e -> assertThat(e.message()).contains("invalidtoken"));

            // the token is fixed but the capability is missing: the next attempt says so
            MOODLE.tokenRevoked(false).deny("enrol_manual_enrol_users", true);
            clock.advance(Duration.ofSeconds(61));
            enrolments.sweep();
            awaitFailure(orderId, 2);
            assertThat(enrolment(orderId).lastError()).contains("lacks a capability", "nopermissions");

            MOODLE.deny("enrol_manual_enrol_users", false);
            clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            enrolments.sweep();
            awaitEnrolment(orderId, "ENROLLED");
            assertThat(MOODLE.enrolments(course)).hasSize(1);
        } finally {
            MOODLE.tokenRevoked(false).deny("enrol_manual_enrol_users", false);
        }
    }

    @Test
    void anUnknownCourseEndsDeadAfterTheScheduleAndCanBeRetriedOnceFixed() {
        long course = course();   // not created in Moodle
        String orderId = paidOrder(course, email());
        awaitFailure(orderId, 1);
        assertThat(enrolment(orderId).lastError()).contains("unknown course", "invalidrecord");

        List<Duration> waits = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(12), Duration.ofHours(24), Duration.ofHours(24), Duration.ofHours(24));
        for (int i = 0; i < waits.size(); i++) {
            clock.advance(waits.get(i).plusSeconds(1));
            enrolments.sweep();
            if (i < waits.size() - 1) {
                awaitFailure(orderId, i + 2);
            }
        }
        awaitEnrolment(orderId, "DEAD");
        assertThat(enrolment(orderId).attempts()).isEqualTo(9);
        assertThat(events(orderId)).anySatisfy(e -> assertThat(e.action()).isEqualTo("moodle.dead"));

        MOODLE.course(course);
        assertThat(enrolments.retry(enrolment(orderId).id(), "admin")).isTrue();
        awaitEnrolment(orderId, "ENROLLED");
    }

    @Test
    void ordersWithoutACourseAreNotSentToMoodle() {
        long before = MOODLE.calls().size();
        ApiClient api = new ApiClient(port, CONFIGURED_API_KEY);
        JsonNode created = api.post("/api/v1/orders", ApiClient.order("no-course-" + UUID.randomUUID(), 1500)).body();
        String orderId = created.get("id").asString();
        browser().get(URI.create(created.get("checkoutUrl").asString()));
        long intent = order(orderId).checkoutIntentId();
        emulator().control().pay(intent);
        verifier.verify(orderId, intent, VerificationSource.POLLER, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.forOrder(orderId).getFirst().status().equals("DELIVERED"));
        assertThat(enrolments.forOrder(orderId)).isEmpty();
        assertThat(enrolments.courseFor(order(orderId))).isNull();
        assertThat(MOODLE.calls().size()).isEqualTo(before);
    }
}
