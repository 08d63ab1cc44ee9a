package org.passerelle.gateway.moodle;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an enrolment does to the access a payer already has, and what a refund takes back: pure decisions, so that
 * every case is tested without Moodle. The facts they rest on were observed on Moodle 4.5: enrolling someone already
 * enrolled overwrites the manual enrolment's dates and adds the role; unenrolling removes the whole manual enrolment
 * with every role. So Passerelle only touches access it granted itself, and remembers what it granted.
 */
public final class MoodleAccess {

    private MoodleAccess() {
    }

    /** What an order's enrolment did in Moodle. */
    public enum Access {
        /** No role in the course before: Passerelle made the enrolment. */
        NEW,
        /** The payer had the role but no active enrolment (ended or suspended): Passerelle opened it again. */
        RENEWED,
        /** An earlier paid order already backs the enrolment: this one adds its period to the end. */
        EXTENDED,
        /** An active enrolment Passerelle did not make: left exactly as it is. */
        KEPT_ENROLLED,
        /** Another role in the course (a teacher…): never made a student, nothing changed. */
        KEPT_OTHER_ROLE,
        /** Stopped or given up, then settled by hand by an administrator: Passerelle owns nothing in Moodle. */
        BY_HAND;

        public boolean granted() {
            return this == NEW || this == RENEWED || this == EXTENDED;
        }
    }

    /** Unix seconds, as Moodle stores them; {@code end} 0 is no end date. */
    public record Window(long start, long end) {
    }

    /** An order that backs the payer's access in the course: its row, the window Moodle got from it, its period. */
    public record Grant(long rowId, Window window, Long periodSeconds, boolean madeEnrolment) {
    }

    public record Decision(Access access, Window window, boolean madeEnrolment, String otherRoles) {
    }

    /**
     * @param profile the payer's roles in the course and active enrolments, as Moodle shows them now
     * @param backing the payer's other paid orders for the course whose access Passerelle granted and still holds
     * @param period  the paid period in seconds, null for no end date
     */
    static Decision decide(MoodleClient.CourseProfile profile, List<Grant> backing, long courseId, long roleId,
            long paidAt, Long period) {
        if (!backing.isEmpty()) {
            Grant latest = backing.stream().max(Comparator.comparingLong(Grant::rowId)).orElseThrow();
            Window previous = latest.window();
            Window window;
            if (period == null || previous.end() == 0) {
                window = new Window(previous.start(), 0);
            } else if (previous.end() >= paidAt) {
                window = new Window(previous.start(), previous.end() + period);
            } else {
                window = new Window(start(paidAt), start(paidAt) + period);   // the paid period had ended: a new one starts
            }
            return new Decision(Access.EXTENDED, window, latest.madeEnrolment(), null);
        }
        List<MoodleClient.Role> others = profile.otherRoles(roleId);
        if (!others.isEmpty()) {
            return new Decision(Access.KEPT_OTHER_ROLE, null, false,
                    others.stream().map(MoodleClient.Role::shortName).collect(Collectors.joining(", ")));
        }
        if (profile.activeIn(courseId)) {
            return new Decision(Access.KEPT_ENROLLED, null, false, null);
        }
        Window window = new Window(start(paidAt), period == null ? 0 : start(paidAt) + period);
        return profile.hasRole(roleId) ? new Decision(Access.RENEWED, window, false, null)
                : new Decision(Access.NEW, window, true, null);
    }

    /**
     * The start sent for a payment made at {@code paidAt}: Moodle's lists of active enrolments (My courses,
     * participants, the course profiles Passerelle reads) compare the start with the time rounded to 100 seconds, so an
     * enrolment starting at the payment's second may not show there for up to 50 seconds. Moodle's own enrolment form
     * floors the start to 100 seconds, minus one; so does Passerelle. (Entering the course uses the exact time.)
     */
    static long start(long paidAt) {
        return Math.floorDiv(paidAt, 100) * 100 - 1;
    }

    /** What happened in Moodle when a refund took an order's enrolment back. */
    public enum TakeBackOutcome {
        /** Passerelle made the enrolment and nothing else backs it: removed. */
        REMOVED,
        /** Another paid order still backs it: its end moves back by this order's period. */
        SHORTENED,
        /** The enrolment existed before Passerelle opened it again: it ends now, as it was. */
        ENDED,
        /** Another paid order still backs it with no end date: nothing to change. */
        STILL_BACKED,
        /** The payer now has another role in the course (a teacher…): left in place, for an administrator to decide. */
        LEFT_OTHER_ROLE,
        /** This order granted nothing (access kept as it was): nothing to take back. */
        NOTHING_GRANTED,
        /** The enrolment was never sent to Moodle: dropped. */
        DROPPED,
        /** An administrator had settled it by hand: Passerelle changes nothing, the administrator decides. */
        BY_HAND
    }

    /** A refund's plan: remove the enrolment, or give it this window (written to {@code carrier}'s row), or nothing. */
    public record TakeBack(TakeBackOutcome outcome, Window window, Long carrier) {

        boolean unenrol() {
            return outcome == TakeBackOutcome.REMOVED;
        }

        boolean setWindow() {
            return outcome == TakeBackOutcome.SHORTENED || outcome == TakeBackOutcome.ENDED;
        }
    }

    /**
     * @param refunded  the refunded order's grant (its window is the one Moodle got when it was applied)
     * @param remaining the other orders that still back the same access
     */
    static TakeBack takeBack(Grant refunded, List<Grant> remaining, long now) {
        if (remaining.isEmpty()) {
            if (refunded.madeEnrolment()) {
                return new TakeBack(TakeBackOutcome.REMOVED, null, null);
            }
            Window window = refunded.window();
            return new TakeBack(TakeBackOutcome.ENDED, new Window(window.start(), Math.max(now, window.start())),
                    refunded.rowId());
        }
        Grant latestRemaining = remaining.stream().max(Comparator.comparingLong(Grant::rowId)).orElseThrow();
        // the window in Moodle is the one of the last order applied, which includes every earlier period
        Window current = latestRemaining.rowId() > refunded.rowId() ? latestRemaining.window() : refunded.window();
        long end;
        if (refunded.periodSeconds() == null) {
            end = remaining.stream().anyMatch(g -> g.window().end() == 0) ? 0
                    : remaining.stream().mapToLong(g -> g.window().end()).max().orElse(0);
        } else if (current.end() == 0) {
            end = 0;
        } else {
            end = Math.max(current.end() - refunded.periodSeconds(), current.start());
        }
        Window window = new Window(current.start(), end);
        if (window.equals(current)) {
            return new TakeBack(TakeBackOutcome.STILL_BACKED, window, latestRemaining.rowId());
        }
        return new TakeBack(TakeBackOutcome.SHORTENED, window, latestRemaining.rowId());
    }
}
