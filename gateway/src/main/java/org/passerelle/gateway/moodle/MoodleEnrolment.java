package org.passerelle.gateway.moodle;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One paid order's enrolment in one course ({@code moodle_enrolments}): its state, what it did to the payer's access,
 * and, once the order is refunded, what was taken back.
 *
 * @param enrolSentAt  the enrolment was sent to Moodle at that time and no answer confirmed it yet (it may exist)
 * @param takeBackAt   a full refund asked for the access back at that time
 * @param moodleSite   the site it was made in ({@link MoodleSites#CONFIGURED}, or a linked association's slug)
 */
public record MoodleEnrolment(long id, String orderId, long courseId, String email, Long moodleUserId, String status,
        int attempts, OffsetDateTime nextAttemptAt, OffsetDateTime enrolledAt, OffsetDateTime createdAt, long roleId,
        MoodleAccess.Access access, Long timeStart, Long timeEnd, Long periodSeconds, boolean madeEnrolment,
        String otherRoles, OffsetDateTime enrolSentAt, MoodleProblem problem, String problemDetail, String lastError,
        OffsetDateTime takeBackAt, MoodleAccess.TakeBackOutcome takeBack, String moodleSite) {

    public static final String PENDING = "PENDING";
    public static final String ENROLLED = "ENROLLED";
    /** Stopped at once: a refusal about this payer that retrying can never change. */
    public static final String NEEDS_ADMIN = "NEEDS_ADMIN";
    /** The retry schedule is used up. */
    public static final String DEAD = "DEAD";
    /** An administrator settled it by hand after it stopped or died: Passerelle granted nothing. */
    public static final String HANDLED = "HANDLED";
    /** A refund took it back (see {@link #takeBack()} for what that meant in Moodle). */
    public static final String UNENROLLED = "UNENROLLED";

    /** True while this row is about taking access back (a refund), not giving it. */
    public boolean takingBack() {
        return takeBackAt != null;
    }

    /** What an administrator may retry: waiting, stopped or dead, in either direction, unless retrying cannot help. */
    public boolean retryable() {
        return (status.equals(PENDING) || status.equals(NEEDS_ADMIN) || status.equals(DEAD))
                && !email.isEmpty() && problem != MoodleProblem.EMAIL_REFUSED;
    }

    /** What an administrator may mark as settled by hand: stopped or dead. */
    public boolean handleable() {
        return status.equals(NEEDS_ADMIN) || status.equals(DEAD);
    }

    /** Waiting for an administrator: stopped, dead, or failing and retried on the schedule. */
    public boolean needsAction() {
        return status.equals(NEEDS_ADMIN) || status.equals(DEAD) || (status.equals(PENDING) && problem != null);
    }

    /** The state for the console: {@code moodle.state.<key>} (status and direction). */
    public String stateKey() {
        return (takingBack() && !status.equals(UNENROLLED) ? "takeBack." : "") + status;
    }

    public OffsetDateTime accessStart() {
        return timeStart == null || timeStart == 0 ? null : utc(timeStart);
    }

    /** Null for no end date. */
    public OffsetDateTime accessEnd() {
        return timeEnd == null || timeEnd == 0 ? null : utc(timeEnd);
    }

    MoodleAccess.Grant grant() {
        return new MoodleAccess.Grant(id, new MoodleAccess.Window(timeStart == null ? 0 : timeStart,
                timeEnd == null ? 0 : timeEnd), periodSeconds, madeEnrolment);
    }

    private static OffsetDateTime utc(long seconds) {
        return Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC);
    }
}
