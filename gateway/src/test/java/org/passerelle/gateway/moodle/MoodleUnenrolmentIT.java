package org.passerelle.gateway.moodle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.MoodleDouble;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * With passerelle.refunds.moodle-unenrol (on in the shared test context), a full refund takes back what Passerelle
 * granted, and only that: end to end through the API's refunds and the emulator.
 */
class MoodleUnenrolmentIT extends GatewayTestSupport {

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    PaymentVerifier verifier;
    @Autowired
    MoodleEnrolments enrolments;
    @Autowired
    MoodleEnroller enroller;

    @AfterEach
    void restoreTheSetUp() {
        MOODLE.fullSetUp();
    }

    record Paid(String orderId, ApiClient api) {
    }

    Paid paid(long course, String email) {
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
        await().atMost(Duration.ofSeconds(15)).until(() -> !enrolments.forOrder(orderId).isEmpty()
                && row(orderId).status().equals(MoodleEnrolment.ENROLLED));
        return new Paid(orderId, api);
    }

    MoodleEnrolment row(String orderId) {
        return enrolments.forOrder(orderId).getFirst();
    }

    void refundAll(Paid paid) {
        assertThat(paid.api().post("/api/v1/orders/" + paid.orderId() + "/refunds", Map.of()).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(15)).until(() -> row(paid.orderId()).status().equals(MoodleEnrolment.UNENROLLED));
    }

    static long course() {
        long course = 500_000 + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000L);
        MOODLE.course(course);
        return course;
    }

    @Test
    void aPartialRefundKeepsTheCourseAndTheFullRefundTakesItBackOnce() {
        long course = course();
        String email = "learner-" + UUID.randomUUID() + "@example.org";
        MoodleDouble.User user = MOODLE.user(email, "Ada", "Lovelace");
        Paid paid = paid(course, email);
        assertThat(MOODLE.enrolments(course)).extracting(MoodleDouble.Enrolment::userId).containsExactly(user.id());

        assertThat(paid.api().post("/api/v1/orders/" + paid.orderId() + "/refunds", Map.of("amount", 1000)).status())
                .isEqualTo(201);
        emulator().control().advanceClock(Duration.ofSeconds(11));
        assertThat(row(paid.orderId()).status()).isEqualTo(MoodleEnrolment.ENROLLED);
        refundAll(paid);

        assertThat(row(paid.orderId()).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.REMOVED);
        assertThat(MOODLE.enrolments(course)).isEmpty();
        assertThat(MOODLE.roles(user.id(), course)).isEmpty();
        assertThat(events(paid.orderId())).filteredOn(e -> e.action().equals("moodle.unenrolled")).hasSize(1);
        assertThat(enroller.retry(row(paid.orderId()).id(), "test"))
                .as("an unenrolled row is not enrolled again by a retry").isFalse();
    }

    @Test
    void aTeacherWhoPaidKeepsTeachingAndAHandMadeEnrolmentStays() {
        long course = course();
        String teacherEmail = "teacher-" + UUID.randomUUID() + "@example.org";
        MoodleDouble.User teacher = MOODLE.user(teacherEmail, "Grace", "Hopper");
        MOODLE.enrolByHand(teacher.id(), course, MoodleDouble.TEACHER, 0, 0);
        String memberEmail = "member-" + UUID.randomUUID() + "@example.org";
        MoodleDouble.User member = MOODLE.user(memberEmail, "Ada", "Lovelace");
        MOODLE.enrolByHand(member.id(), course, MoodleDouble.STUDENT, 0, 0);

        Paid teacherPaid = paid(course, teacherEmail);
        Paid memberPaid = paid(course, memberEmail);
        assertThat(row(teacherPaid.orderId()).access()).isEqualTo(MoodleAccess.Access.KEPT_OTHER_ROLE);
        assertThat(row(memberPaid.orderId()).access()).isEqualTo(MoodleAccess.Access.KEPT_ENROLLED);

        refundAll(teacherPaid);
        refundAll(memberPaid);

        assertThat(row(teacherPaid.orderId()).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.NOTHING_GRANTED);
        assertThat(MOODLE.roles(teacher.id(), course)).containsExactly(MoodleDouble.TEACHER);
        assertThat(MOODLE.enrolment(member.id(), course)).hasValueSatisfying(e -> assertThat(e.timeEnd()).isZero());
        assertThat(MOODLE.calls()).noneMatch(c -> c.function().equals(MoodleClient.UNENROL)
                && (c.mentions(teacher.id()) || c.mentions(member.id())));
    }

    @Test
    void refundingASecondOrderTakesBackItsPeriodOnly() {
        long course = course();
        String email = "loyal-" + UUID.randomUUID() + "@example.org";
        Paid first = paid(course, email);
        Paid second = paid(course, email);
        MoodleEnrolment granted = row(first.orderId());
        assertThat(row(second.orderId()).access()).isEqualTo(MoodleAccess.Access.EXTENDED);
        long year = Duration.ofDays(365).toSeconds();
        assertThat(MOODLE.enrolment(granted.moodleUserId(), course).orElseThrow().timeEnd())
                .isEqualTo(granted.timeStart() + 2 * year);

        refundAll(second);

        assertThat(row(second.orderId()).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.SHORTENED);
        assertThat(MOODLE.enrolment(granted.moodleUserId(), course).orElseThrow().timeEnd())
                .isEqualTo(granted.timeStart() + year);
        assertThat(MOODLE.active(granted.moodleUserId(), course)).isTrue();
    }
}
