package org.passerelle.gateway.moodle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.work.RetryPolicy;
import org.passerelle.gateway.work.WorkQueue;
import org.passerelle.gateway.work.WorkQueues;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The {@code moodle_enrolments} table: one row per paid order and course, and what the console does with them. The
 * rows are a {@link WorkQueue} worked by {@link MoodleEnroller}: claimed before each attempt, and never while another
 * row of the same payer and course is held, so that two instances (or two orders) never decide about one payer's
 * access at the same time. Every write of an attempt checks that this instance still holds the row.
 */
@Service
public class MoodleEnrolments {

    private static final List<String> RETRYING_STOPPED = EnrolmentStatus.PENDING.from(EnrolmentStatus.NEEDS_ADMIN,
            EnrolmentStatus.DEAD);
    private static final List<String> RETRYING_WAITING = EnrolmentStatus.PENDING.from(EnrolmentStatus.PENDING);
    private static final List<String> SETTLING_BY_HAND = EnrolmentStatus.HANDLED.from(EnrolmentStatus.NEEDS_ADMIN,
            EnrolmentStatus.DEAD);
    /** A refund takes back every row not taken back yet: all that may go back to PENDING (all but UNENROLLED). */
    private static final List<String> TAKING_BACK =
            EnrolmentStatus.PENDING.allowedFrom().stream().map(Enum::name).toList();
    /** An attempt ends a claimed PENDING row: ENROLLED, or PENDING again when a refund arrived meanwhile. */
    private static final List<String> ENROLLING = EnrolmentStatus.ENROLLED.from(EnrolmentStatus.PENDING);
    private static final List<String> TAKEN_BACK = EnrolmentStatus.UNENROLLED.from(EnrolmentStatus.PENDING);

    static {
        EnrolmentStatus.PENDING.from(EnrolmentStatus.PENDING); // the other end of enrolled() and failed()
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final MoodleProperties settings;
    private final WorkQueue queue;
    private final UtcClock clock;

    public MoodleEnrolments(JdbcClient jdbc, AuditLog audit, MoodleProperties settings, WorkQueues queues,
            UtcClock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.audit = audit;
        this.settings = settings;
        // up to six calls in one attempt: lookup, visibility check, two creations, course profile, enrolment
        this.queue = queues.create(WorkQueue.Spec.of("moodle", "moodle_enrolments", RETRYING_WAITING,
                        settings.requestTimeout().multipliedBy(8), RetryPolicy.schedule(settings.retrySchedule()))
                .guardedBy(this::payerFree));
    }

    /** Worked by the {@link MoodleEnroller}. */
    WorkQueue queue() {
        return queue;
    }

    public List<MoodleEnrolment> forOrder(String orderId) {
        return jdbc.sql("SELECT * FROM moodle_enrolments WHERE order_id = :order ORDER BY id")
                .param("order", orderId).query(this::map).list();
    }

    public Optional<MoodleEnrolment> find(long id) {
        return jdbc.sql("SELECT * FROM moodle_enrolments WHERE id = :id").param("id", id).query(this::map).optional();
    }

    private static final String NEEDING_ACTION =
            " WHERE (status IN ('NEEDS_ADMIN', 'DEAD') OR (status = 'PENDING' AND problem IS NOT NULL))";

    /** Stopped, dead, or failing: what the dashboard lists, oldest first. */
    public List<MoodleEnrolment> needingAction(int limit) {
        return needingAction(null, limit);
    }

    /** The same, in these sites only ({@link MoodleSites} keys; null: every site). */
    public List<MoodleEnrolment> needingAction(Collection<String> sites, int limit) {
        if (sites != null && sites.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM moodle_enrolments" + NEEDING_ACTION + inSites(sites) + " ORDER BY id LIMIT :limit")
                .param("sites", sites == null ? List.of("") : sites).param("limit", limit).query(this::map).list();
    }

    public long countNeedingAction() {
        return countNeedingAction(null);
    }

    public long countNeedingAction(Collection<String> sites) {
        if (sites != null && sites.isEmpty()) {
            return 0;
        }
        return jdbc.sql("SELECT COUNT(*) FROM moodle_enrolments" + NEEDING_ACTION + inSites(sites))
                .param("sites", sites == null ? List.of("") : sites).query(Long.class).single();
    }

    /** The same by site ({@link MoodleSites} key), only the sites that have some (a grouped count of the few). */
    public Map<String, Long> countNeedingActionBySite() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("SELECT moodle_site, COUNT(*) AS needing FROM moodle_enrolments" + NEEDING_ACTION + " GROUP BY moodle_site")
                .query((rs, n) -> Map.entry(rs.getString("moodle_site"), rs.getLong("needing"))).list()
                .forEach(count -> counts.put(count.getKey(), count.getValue()));
        return counts;
    }

    private static String inSites(Collection<String> sites) {
        return sites == null ? "" : " AND moodle_site IN (:sites)";
    }

    /** Tries one again now with a fresh schedule, in the direction it was going (enrolling, or taking back). */
    public boolean retry(long id, String actor) {
        Optional<MoodleEnrolment> row = find(id);
        boolean changed = row.isPresent() && !row.get().email().isEmpty()
                && queue.reopen(id, MoodleEnrolment.PENDING, RETRYING_STOPPED, RETRYING_WAITING, "", Map.of());
        if (changed) {
            audit.record(AuditEvent.success(row.get().orderId(), AuditAction.MOODLE_RETRY).actor(actor)
                    .message("Moodle enrolment " + id + " (course " + row.get().courseId() + ") retried by " + actor));
        }
        return changed;
    }

    /** An administrator settled a stopped or dead enrolment by hand: it leaves the list of those needing action. */
    public boolean handled(long id, String actor) {
        Optional<MoodleEnrolment> row = find(id);
        boolean changed = jdbc.sql("""
                UPDATE moodle_enrolments SET status = 'HANDLED', access = 'BY_HAND', enrol_sent_at = NULL,
                    time_start = NULL, time_end = NULL, claimed_until = NULL
                WHERE id = :id AND status IN (:from)
                """).param("from", SETTLING_BY_HAND).param("id", id).update() == 1;
        if (changed) {
            audit.record(AuditEvent.success(row.get().orderId(), AuditAction.MOODLE_HANDLED).actor(actor)
                    .message("Moodle enrolment " + id + " (course " + row.get().courseId() + ", " + row.get().email()
                            + ") settled by hand by " + actor));
        }
        return changed;
    }

    boolean insert(long fulfilmentId, String orderId, String site, long courseId, String email, long roleId,
            Duration period, MoodleProblem stopped) {
        return jdbc.sql("""
                INSERT INTO moodle_enrolments (fulfilment_id, order_id, course_id, email, status, attempts, problem,
                    next_attempt_at, created_at, role_id, period_seconds, made_enrolment, moodle_site)
                SELECT :fulfilment, :order, :course, :email, :status, 0, :problem, :now, :now, :role, CAST(:period AS BIGINT),
                    FALSE, :site
                WHERE NOT EXISTS (SELECT 1 FROM moodle_enrolments WHERE fulfilment_id = :fulfilment AND course_id = :course)
                """)
                .param("fulfilment", fulfilmentId).param("order", orderId).param("course", courseId)
                .param("email", email).param("status", stopped == null ? MoodleEnrolment.PENDING : MoodleEnrolment.NEEDS_ADMIN)
                .param("problem", stopped == null ? null : stopped.name()).param("now", clock.now()).param("role", roleId)
                .param("period", period == null ? null : period.toSeconds()).param("site", site)
                .update() == 1;
    }

    /** A refund asks for the order's access back: every row not yet taken back goes (again) into the queue. */
    int requestTakeBack(String orderId) {
        return jdbc.sql("""
                UPDATE moodle_enrolments SET take_back_at = :now, status = 'PENDING', attempts = 0, next_attempt_at = :now,
                    problem = NULL, problem_detail = NULL
                WHERE order_id = :order AND take_back_at IS NULL AND status IN (:from)
                """).param("from", TAKING_BACK).param("now", clock.now()).param("order", orderId).update();
    }

    /**
     * The claim's guard: no other row of the same payer and course is held right now (the payer's rows are locked
     * while this is decided, in the claim's transaction).
     */
    private boolean payerFree(long id, OffsetDateTime now) {
        Optional<MoodleEnrolment> row = find(id);
        if (row.isEmpty()) {
            return false;
        }
        jdbc.sql("""
                SELECT id FROM moodle_enrolments WHERE course_id = :course AND lower(email) = lower(:email)
                    AND moodle_site = :site
                ORDER BY id FOR UPDATE
                """)
                .param("course", row.get().courseId()).param("email", row.get().email())
                .param("site", row.get().moodleSite()).query(Long.class).list();
        return jdbc.sql("""
                SELECT COUNT(*) FROM moodle_enrolments
                WHERE course_id = :course AND lower(email) = lower(:email) AND moodle_site = :site AND id <> :id
                  AND claimed_until >= :now
                """).param("course", row.get().courseId()).param("email", row.get().email())
                .param("site", row.get().moodleSite()).param("id", id)
                .param("now", now).query(Long.class).single() == 0;
    }

    /**
     * The payer's other orders that back access in this course: granted by Passerelle and not taken back, including
     * those sent to Moodle without a confirmation yet (they may exist there).
     */
    List<MoodleEnrolment> backing(MoodleEnrolment row, long moodleUserId) {
        return jdbc.sql("""
                SELECT * FROM moodle_enrolments
                WHERE course_id = :course AND moodle_user_id = :user AND moodle_site = :site AND id <> :id
                  AND take_back_at IS NULL
                  AND access IN ('NEW', 'RENEWED', 'EXTENDED')
                  AND (status = 'ENROLLED' OR enrol_sent_at IS NOT NULL)
                ORDER BY id
                """).param("course", row.courseId()).param("user", moodleUserId).param("site", row.moodleSite())
                .param("id", row.id()).query(this::map).list();
    }

    /** Whether a later order of the same payer and course has since been enrolled (its window includes this one's). */
    boolean coveredByLater(MoodleEnrolment row) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM moodle_enrolments
                WHERE course_id = :course AND moodle_user_id = :user AND moodle_site = :site AND id > :id
                  AND status = 'ENROLLED' AND take_back_at IS NULL AND access IN ('NEW', 'RENEWED', 'EXTENDED')
                """).param("course", row.courseId()).param("user", row.moodleUserId()).param("site", row.moodleSite())
                .param("id", row.id())
                .query(Long.class).single() > 0;
    }

    void recordUser(long id, long moodleUserId) {
        jdbc.sql("UPDATE moodle_enrolments SET moodle_user_id = :user WHERE id = :id AND claimed_by = :me")
                .param("user", moodleUserId).param("id", id).param("me", queue.claimant()).update();
    }

    /** Written before the enrolment is sent: if the answer is lost, the next attempt knows what may be in Moodle. */
    void recordDecision(long id, MoodleAccess.Decision decision, long roleId) {
        MoodleAccess.Window window = decision.window();
        jdbc.sql("""
                UPDATE moodle_enrolments SET access = :access, time_start = :start, time_end = :end,
                    made_enrolment = :made, other_roles = :others, role_id = :role,
                    enrol_sent_at = CASE WHEN :send THEN :now ELSE NULL END
                WHERE id = :id AND claimed_by = :me
                """).param("access", decision.access().name()).param("start", window == null ? null : window.start())
                .param("end", window == null ? null : window.end()).param("made", decision.madeEnrolment())
                .param("others", decision.otherRoles()).param("role", roleId)
                .param("send", decision.access().granted()).param("now", clock.now())
                .param("id", id).param("me", queue.claimant()).update();
    }

    /** A refusal that saved nothing: the next attempt decides again from what Moodle holds then. */
    void forgetDecision(long id) {
        jdbc.sql("""
                UPDATE moodle_enrolments SET access = NULL, time_start = NULL, time_end = NULL, enrol_sent_at = NULL,
                    made_enrolment = FALSE, other_roles = NULL
                WHERE id = :id AND claimed_by = :me AND status = 'PENDING'
                """).param("id", id).param("me", queue.claimant()).update();
    }

    /** Done; but if a refund arrived meanwhile, the row stays in the queue to be taken back. */
    void enrolled(long id) {
        OffsetDateTime now = clock.now();
        jdbc.sql("""
                UPDATE moodle_enrolments SET status = CASE WHEN take_back_at IS NULL THEN 'ENROLLED' ELSE 'PENDING' END,
                    enrolled_at = :now, next_attempt_at = :now, enrol_sent_at = NULL, problem = NULL,
                    problem_detail = NULL, last_error = NULL, claimed_until = NULL
                WHERE id = :id AND claimed_by = :me AND status IN (:from)
                """).param("from", ENROLLING).param("now", now).param("id", id).param("me", queue.claimant()).update();
    }

    /**
     * A failed attempt: waits for {@code next}, or stops (NEEDS_ADMIN, DEAD). An attempt to enrol overtaken by a
     * refund leaves the row waiting to be taken back at once instead.
     */
    void failed(long id, boolean enrolling, String status, MoodleProblem problem, String detail,
            String error, OffsetDateTime next) {
        jdbc.sql("""
                UPDATE moodle_enrolments SET
                    status = CASE WHEN :enrolling AND take_back_at IS NOT NULL THEN 'PENDING' ELSE :status END,
                    next_attempt_at = CASE WHEN :enrolling AND take_back_at IS NOT NULL THEN :now ELSE :next END,
                    problem = :problem, problem_detail = :detail, last_error = :error, claimed_until = NULL
                WHERE id = :id AND claimed_by = :me AND status IN (:from)
                """).param("from", EnrolmentStatus.valueOf(status).from(EnrolmentStatus.PENDING))
                .param("enrolling", enrolling).param("status", status).param("now", clock.now()).param("next", next)
                .param("problem", problem.name()).param("detail", WorkQueue.bounded(detail, 200))
                .param("error", WorkQueue.bounded(error, 1000)).param("id", id).param("me", queue.claimant()).update();
    }

    void takenBack(long id, MoodleAccess.TakeBackOutcome outcome, String otherRoles) {
        jdbc.sql("""
                UPDATE moodle_enrolments SET status = 'UNENROLLED', take_back = :outcome, enrol_sent_at = NULL,
                    other_roles = COALESCE(:others, other_roles), problem = NULL, problem_detail = NULL,
                    last_error = NULL, claimed_until = NULL
                WHERE id = :id AND claimed_by = :me AND status IN (:from)
                """).param("from", TAKEN_BACK).param("outcome", outcome.name()).param("others", otherRoles)
                .param("id", id).param("me", queue.claimant()).update();
    }

    /** The access still backed by another order got a new window: that order's row now carries it. */
    void updateWindow(long id, MoodleAccess.Window window) {
        jdbc.sql("UPDATE moodle_enrolments SET time_start = :start, time_end = :end WHERE id = :id")
                .param("start", window.start()).param("end", window.end()).param("id", id).update();
    }

    private MoodleEnrolment map(ResultSet rs, int row) throws SQLException {
        String status = rs.getString("status");
        String access = rs.getString("access");
        Long start = rs.getObject("time_start", Long.class);
        Long end = rs.getObject("time_end", Long.class);
        Long period = rs.getObject("period_seconds", Long.class);
        boolean made = rs.getBoolean("made_enrolment");
        OffsetDateTime enrolledAt = rs.getObject("enrolled_at", OffsetDateTime.class);
        if (access == null && enrolledAt != null) {
            // enrolled before Passerelle remembered what it granted: it made the enrolment, from the payment on
            access = MoodleAccess.Access.NEW.name();
            made = true;
            period = settings.enrolmentPeriod() == null ? null : settings.enrolmentPeriod().toSeconds();
            start = enrolledAt.toEpochSecond();
            end = period == null ? 0 : start + period;
        }
        Long roleId = rs.getObject("role_id", Long.class);
        String problem = rs.getString("problem");
        String takeBack = rs.getString("take_back");
        return new MoodleEnrolment(rs.getLong("id"), rs.getString("order_id"), rs.getLong("course_id"),
                rs.getString("email"), rs.getObject("moodle_user_id", Long.class), status, rs.getInt("attempts"),
                rs.getObject("next_attempt_at", OffsetDateTime.class), enrolledAt,
                rs.getObject("created_at", OffsetDateTime.class), roleId == null ? settings.roleId() : roleId,
                access == null ? null : MoodleAccess.Access.valueOf(access), start, end, period, made,
                rs.getString("other_roles"), rs.getObject("enrol_sent_at", OffsetDateTime.class),
                problem == null ? null : MoodleProblem.valueOf(problem), rs.getString("problem_detail"),
                rs.getString("last_error"), rs.getObject("take_back_at", OffsetDateTime.class),
                takeBack == null ? null : MoodleAccess.TakeBackOutcome.valueOf(takeBack), rs.getString("moodle_site"));
    }
}
