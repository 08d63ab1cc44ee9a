package org.passerelle.gateway.moodle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.passerelle.gateway.moodle.EnrolmentStatus.DEAD;
import static org.passerelle.gateway.moodle.EnrolmentStatus.ENROLLED;
import static org.passerelle.gateway.moodle.EnrolmentStatus.HANDLED;
import static org.passerelle.gateway.moodle.EnrolmentStatus.NEEDS_ADMIN;
import static org.passerelle.gateway.moodle.EnrolmentStatus.PENDING;
import static org.passerelle.gateway.moodle.EnrolmentStatus.UNENROLLED;

import org.junit.jupiter.api.Test;

class EnrolmentStatusTest {

    @Test
    void theNamesAreMoodleEnrolmentsStatuses() {
        assertThat(PENDING.name()).isEqualTo(MoodleEnrolment.PENDING);
        assertThat(ENROLLED.name()).isEqualTo(MoodleEnrolment.ENROLLED);
        assertThat(NEEDS_ADMIN.name()).isEqualTo(MoodleEnrolment.NEEDS_ADMIN);
        assertThat(DEAD.name()).isEqualTo(MoodleEnrolment.DEAD);
        assertThat(HANDLED.name()).isEqualTo(MoodleEnrolment.HANDLED);
        assertThat(UNENROLLED.name()).isEqualTo(MoodleEnrolment.UNENROLLED);
    }

    @Test
    void onlyAClaimedPendingRowIsDecidedByAnAttempt() {
        for (EnrolmentStatus end : new EnrolmentStatus[] {ENROLLED, NEEDS_ADMIN, DEAD, UNENROLLED}) {
            assertThat(end.allowedFrom()).as(end.name()).containsExactly(PENDING);
        }
    }

    @Test
    void onlyAStoppedOrDeadRowIsSettledByHand() {
        assertThat(HANDLED.allowedFrom()).containsExactlyInAnyOrder(NEEDS_ADMIN, DEAD);
        assertThat(ENROLLED.canMoveTo(HANDLED)).isFalse();
    }

    @Test
    void aRefundTakesBackEveryRowButThoseTakenBackAlready() {
        for (EnrolmentStatus status : EnrolmentStatus.values()) {
            assertThat(status.canMoveTo(PENDING)).as(status.name()).isEqualTo(status != UNENROLLED);
        }
        for (EnrolmentStatus target : EnrolmentStatus.values()) {
            assertThat(UNENROLLED.canMoveTo(target)).as("UNENROLLED is final: -> %s", target).isFalse();
        }
    }

    @Test
    void aCompareAndSetNamingATransitionTheMachineRefusesIsACodingError() {
        assertThatThrownBy(() -> HANDLED.from(ENROLLED)).isInstanceOf(IllegalStateException.class);
    }
}
