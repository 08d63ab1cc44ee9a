package org.passerelle.gateway.moodle;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where one Moodle enrolment ({@code moodle_enrolments} row) stands; the names are {@link MoodleEnrolment}'s status
 * strings. {@link #allowedFrom()} is the machine: every status update in {@link MoodleEnrolments} is a
 * compare-and-set on statuses taken from it through {@link #from}. A row starts PENDING (or NEEDS_ADMIN when it can
 * never be sent).
 */
enum EnrolmentStatus {
    PENDING, ENROLLED, NEEDS_ADMIN, DEAD, HANDLED, UNENROLLED;

    /** Statuses from which an enrolment may move to this one. */
    Set<EnrolmentStatus> allowedFrom() {
        return switch (this) {
            // a failed attempt waits for the next; an administrator retries a stopped or dead one; a refund asks for
            // every row not taken back yet, whatever it did, to be taken back
            case PENDING -> EnumSet.of(PENDING, ENROLLED, NEEDS_ADMIN, DEAD, HANDLED);
            case ENROLLED, NEEDS_ADMIN, DEAD, UNENROLLED -> EnumSet.of(PENDING);
            case HANDLED -> EnumSet.of(NEEDS_ADMIN, DEAD);
        };
    }

    boolean canMoveTo(EnrolmentStatus target) {
        return target.allowedFrom().contains(this);
    }

    /**
     * The names of {@code sources}, for a compare-and-set moving a row to this status; each one must be allowed by
     * the machine (a coding error otherwise, caught when the class using it loads).
     */
    List<String> from(EnrolmentStatus... sources) {
        for (EnrolmentStatus source : sources) {
            if (!source.canMoveTo(this)) {
                throw new IllegalStateException(source + " -> " + this + " is not an enrolment transition");
            }
        }
        return Arrays.stream(sources).map(Enum::name).toList();
    }
}
