package org.passerelle.gateway.moodle;

import java.util.List;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.work.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Works the {@code moodle_enrolments} queue: each due row is claimed, then enrolled (find or create the payer, look
 * at the access they already have, decide, enrol) or, after a refund, taken back. Every step follows what a real
 * Moodle 4.5 answers ({@code shared/moodle/real-moodle.md}); when Moodle may have saved something although the call
 * failed, the row remembers it and the next attempt looks at Moodle before sending anything again.
 */
@Component
public class MoodleEnroller {

    private static final Logger log = LoggerFactory.getLogger(MoodleEnroller.class);

    /** A stop that is not one of Moodle's answers (no account, several accounts, an e-mail Moodle cannot take…). */
    private static final class Refusal extends Exception {

        final MoodleProblem problem;
        final String detail;

        Refusal(MoodleProblem problem, String detail, String message) {
            super(message);
            this.problem = problem;
            this.detail = detail;
        }
    }

    /** The payer's Moodle account, and whether it was created just now (it then has no role anywhere). */
    private record Payer(long userId, boolean created) {
    }

    private final MoodleSites sites;
    private final MoodleEnrolments rows;
    private final OrderRepository orders;
    private final AuditLog audit;
    private final UtcClock clock;

    public MoodleEnroller(MoodleSites sites, MoodleEnrolments rows, OrderRepository orders, AuditLog audit,
            UtcClock clock) {
        this.sites = sites;
        this.rows = rows;
        this.orders = orders;
        this.audit = audit;
        this.clock = clock;
        // worked even when passerelle.moodle.* is off: a linked association may have its own site
        rows.queue().workWith(this::work);
    }

    /** The client of the configured association's site (passerelle.moodle.*), null when it has none. */
    MoodleClient client() {
        return sites.site(MoodleSites.CONFIGURED).map(sites::client).orElse(null);
    }

    /** The client of a site. */
    MoodleClient client(MoodleSite site) {
        return sites.client(site);
    }

    @Scheduled(fixedDelayString = "${passerelle.moodle.sweep-interval:10s}",
            initialDelayString = "${passerelle.moodle.sweep-interval:10s}")
    public void sweep() {
        rows.queue().sweep();
    }

    /** An administrator's retry: now, with a fresh schedule. */
    public boolean retry(long id, String actor) {
        boolean queued = rows.retry(id, actor);
        if (queued) {
            sweep();
        }
        return queued;
    }

    /** One attempt, if the row is due and nobody holds it (nor another row of the same payer and course). */
    boolean attempt(long id) {
        return rows.queue().attemptNow(id);
    }

    /** One attempt on a claimed row: enrol, or take back after a refund. */
    private boolean work(long id) {
        MoodleEnrolment row = rows.find(id).orElseThrow();
        // the site of the order's association as it is set now; never another association's
        MoodleSite site = sites.site(row.moodleSite()).orElse(null);
        if (site == null) {
            fail(row, !row.takingBack(), MoodleProblem.NO_SITE, "", "No Moodle settings for "
                    + sites.slugOf(row.moodleSite()) + " any more");
            return false;
        }
        MoodleClient client = sites.client(site);
        return row.takingBack() ? takeBack(row, client) : enrol(row, site, client);
    }

    private boolean enrol(MoodleEnrolment row, MoodleSite site, MoodleClient client) {
        boolean decided = false;
        try {
            if (row.enrolSentAt() != null && row.moodleUserId() != null) {
                return enrolAgain(row, client);
            }
            if (!MoodleUsernames.acceptsEmail(row.email())) {
                throw new Refusal(MoodleProblem.EMAIL_REFUSED, "", "Moodle accepts no account with the e-mail " + row.email());
            }
            Order order = orders.find(row.orderId()).orElseThrow();
            Payer payer = payer(row, order, site, client);
            rows.recordUser(row.id(), payer.userId());
            MoodleClient.CourseProfile profile = payer.created() ? MoodleClient.CourseProfile.NONE
                    : client.courseProfile(payer.userId(), row.courseId()).orElseThrow(() -> new Refusal(
                            MoodleProblem.USERS_INVISIBLE, "", "Moodle shows nothing of user " + payer.userId()));
            List<MoodleAccess.Grant> backing = rows.backing(row, payer.userId()).stream()
                    .map(MoodleEnrolment::grant).toList();
            long paidAt = (order.paidAt() == null ? clock.now() : order.paidAt()).toEpochSecond();
            MoodleAccess.Decision decision = MoodleAccess.decide(profile, backing, row.courseId(), row.roleId(), paidAt,
                    row.periodSeconds());
            rows.recordDecision(row.id(), decision, row.roleId());
            decided = true;
            if (decision.access().granted()) {
                MoodleAccess.Window window = decision.window();
                client.enrol(payer.userId(), row.courseId(), row.roleId(), window.start(), window.end());
            }
            rows.enrolled(row.id());
            audit.record((decision.access().granted() ? AuditEvent.success(row.orderId(), AuditAction.MOODLE_ENROLLED)
                    : AuditEvent.cancelled(row.orderId(), AuditAction.MOODLE_KEPT))
                    .message("Moodle user " + payer.userId() + ", course " + row.courseId() + ": " + describe(decision)));
            return true;
        } catch (MoodleException e) {
            MoodleProblem.Diagnosis diagnosis = MoodleProblem.of(e);
            // a refusal raised before Moodle writes anything left nothing: decide again next time; so does a deleted
            // account (the next attempt looks the payer up again)
            if ((decided && !e.mayHaveWritten()) || diagnosis.problem() == MoodleProblem.USER_GONE) {
                rows.forgetDecision(row.id());
            }
            fail(row, true, diagnosis.problem(), diagnosis.detail(), e.getMessage());
            return false;
        } catch (Refusal r) {
            fail(row, true, r.problem, r.detail, r.getMessage());
            return false;
        } catch (RuntimeException e) {
            fail(row, true, MoodleProblem.MOODLE_ERROR, "", e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * The enrolment was sent and no answer confirmed it (an error after Moodle saved it, a timeout): look at what
     * Moodle holds first, and send the same window again only when it cannot be seen there.
     */
    private boolean enrolAgain(MoodleEnrolment row, MoodleClient client) throws MoodleException {
        long user = row.moodleUserId();
        if (rows.coveredByLater(row)) {
            rows.enrolled(row.id());
            audit.record(AuditEvent.success(row.orderId(), AuditAction.MOODLE_ENROLLED).message("Moodle user " + user + ", course "
                    + row.courseId() + ": included in the period of a later order of the same payer"));
            return true;
        }
        MoodleClient.CourseProfile profile = client.courseProfile(user, row.courseId())
                .orElse(MoodleClient.CourseProfile.NONE);
        boolean newlyOpened = row.access() == MoodleAccess.Access.NEW || row.access() == MoodleAccess.Access.RENEWED;
        if (newlyOpened && profile.activeIn(row.courseId()) && profile.hasRole(row.roleId())) {
            rows.enrolled(row.id());
            audit.record(AuditEvent.success(row.orderId(), AuditAction.MOODLE_ENROLLED).message("Moodle user " + user + ", course "
                    + row.courseId() + ": Moodle had saved the enrolment although its answer was an error; not sent again"));
            return true;
        }
        client.enrol(user, row.courseId(), row.roleId(), row.timeStart(), row.timeEnd());
        rows.enrolled(row.id());
        audit.record(AuditEvent.success(row.orderId(), AuditAction.MOODLE_ENROLLED).message("Moodle user " + user + ", course "
                + row.courseId() + ": sent again after an unconfirmed attempt (" + row.access() + ")"));
        return true;
    }

    /** The payer's account: found by e-mail whatever its letter case, or created when allowed and safe. */
    private Payer payer(MoodleEnrolment row, Order order, MoodleSite site, MoodleClient client)
            throws MoodleException, Refusal {
        String email = row.email();
        List<MoodleClient.User> found = client.usersByEmail(email);
        if (found.size() > 1) {
            String ids = found.stream().map(u -> Long.toString(u.id())).reduce((a, b) -> a + ", " + b).orElse("");
            throw new Refusal(MoodleProblem.SEVERAL_ACCOUNTS, ids, "Several Moodle accounts have the e-mail " + email
                    + " (users " + ids + ")");
        }
        if (found.size() == 1) {
            return new Payer(found.getFirst().id(), false);
        }
        // nobody the token sees has this e-mail: is that because the token sees no e-mail at all?
        var guest = client.userById(MoodleClient.GUEST_USER_ID);
        if (guest.isEmpty()) {
            throw new Refusal(MoodleProblem.USERS_INVISIBLE, "", "The token sees no other user (guest user "
                    + MoodleClient.GUEST_USER_ID + " not shown): an account with " + email + " may exist");
        }
        if (guest.get().email() == null) {
            throw new Refusal(MoodleProblem.EMAILS_INVISIBLE, "", "The token sees users but not their e-mail: an account"
                    + " with " + email + " may exist");
        }
        if (!site.createUsers()) {
            throw new Refusal(MoodleProblem.NO_ACCOUNT, "", "No Moodle account has the e-mail " + email
                    + " and creating accounts is off");
        }
        Order.Payer who = order.payer();
        String local = email.substring(0, email.indexOf('@'));
        String first = who.firstName() == null || who.firstName().isBlank() ? local : who.firstName().trim();
        String last = who.lastName() == null || who.lastName().isBlank() ? "-" : who.lastName().trim();
        long id;
        try {
            id = client.createUser(MoodleUsernames.first(email), email, first, last);
        } catch (MoodleException e) {
            refusedCreation(e, email, false);
            // the username is taken (or Moodle, out of debug mode, did not say why): the second one, once
            try {
                id = client.createUser(MoodleUsernames.second(email), email, first, last);
            } catch (MoodleException again) {
                refusedCreation(again, email, true);
                throw again;
            }
        }
        audit.record(AuditEvent.success(row.orderId(), AuditAction.MOODLE_ACCOUNT_CREATED)
                .message("Moodle user " + id + " created for " + email));
        return new Payer(id, true);
    }

    /** Turns a refused creation into what it means, when Moodle's answer says it; returns when worth a second name. */
    private static void refusedCreation(MoodleException e, String email, boolean last) throws MoodleException, Refusal {
        if (!e.errorCode().equals("invalidparameter")) {
            throw e;
        }
        String why = e.debugInfo() == null ? "" : e.debugInfo();
        if (why.contains("Email address already exists")) {
            throw new Refusal(MoodleProblem.ACCOUNT_HIDDEN, "", e.getMessage());
        }
        if (why.contains("Email address is invalid")) {
            throw new Refusal(MoodleProblem.EMAIL_REFUSED, "", e.getMessage());
        }
        if (last) {
            throw new Refusal(MoodleProblem.CREATE_REFUSED, "", "Moodle refused both usernames for " + email + ": "
                    + e.getMessage());
        }
    }

    private boolean takeBack(MoodleEnrolment row, MoodleClient client) {
        try {
            MoodleAccess.TakeBackOutcome nothing = row.access() == null ? MoodleAccess.TakeBackOutcome.DROPPED
                    : row.access() == MoodleAccess.Access.BY_HAND ? MoodleAccess.TakeBackOutcome.BY_HAND
                    : !row.access().granted() ? MoodleAccess.TakeBackOutcome.NOTHING_GRANTED : null;
            if (nothing != null || row.moodleUserId() == null) {
                settle(row, nothing == null ? MoodleAccess.TakeBackOutcome.DROPPED : nothing, null);
                return true;
            }
            long user = row.moodleUserId();
            List<MoodleAccess.Grant> remaining = rows.backing(row, user).stream()
                    .map(MoodleEnrolment::grant).toList();
            MoodleAccess.TakeBack plan = MoodleAccess.takeBack(row.grant(), remaining, clock.now().toEpochSecond());
            if (plan.unenrol()) {
                MoodleClient.CourseProfile profile = client.courseProfile(user, row.courseId())
                        .orElse(MoodleClient.CourseProfile.NONE);
                List<MoodleClient.Role> others = profile.otherRoles(row.roleId());
                if (!others.isEmpty()) {
                    String names = others.stream().map(MoodleClient.Role::shortName).reduce((a, b) -> a + ", " + b).orElse("");
                    settle(row, MoodleAccess.TakeBackOutcome.LEFT_OTHER_ROLE, names);
                    return true;
                }
                if (!profile.roles().isEmpty() || profile.activeIn(row.courseId())) {
                    client.unenrol(user, row.courseId());
                }
            } else if (plan.setWindow()) {
                client.enrol(user, row.courseId(), row.roleId(), plan.window().start(), plan.window().end());
                rows.updateWindow(plan.carrier(), plan.window());
            }
            settle(row, plan.outcome(), null);
            return true;
        } catch (MoodleException e) {
            MoodleProblem.Diagnosis diagnosis = MoodleProblem.of(e);
            fail(row, false, diagnosis.problem(), diagnosis.detail(), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            fail(row, false, MoodleProblem.MOODLE_ERROR, "", e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        }
    }

    private void settle(MoodleEnrolment row, MoodleAccess.TakeBackOutcome outcome, String otherRoles) {
        rows.takenBack(row.id(), outcome, otherRoles);
        String what = switch (outcome) {
            case REMOVED -> "enrolment removed";
            case SHORTENED -> "paid period shortened by this order's, still backed by another order";
            case ENDED -> "enrolment ended now (it existed before Passerelle opened it again)";
            case STILL_BACKED -> "nothing changed: another paid order still backs it with no end date";
            case LEFT_OTHER_ROLE -> "left in place: the user also has the role(s) " + otherRoles
                    + " in the course; remove the student role by hand if it should go";
            case NOTHING_GRANTED -> "nothing to take back: this order changed nothing in Moodle";
            case DROPPED -> "dropped before it was sent to Moodle";
            case BY_HAND -> "settled by hand before: nothing changed by Passerelle; check the payer's access by hand";
        };
        AuditEvent event = switch (outcome) {
            case REMOVED, SHORTENED, ENDED -> AuditEvent.success(row.orderId(), AuditAction.MOODLE_UNENROLLED);
            case LEFT_OTHER_ROLE, BY_HAND -> AuditEvent.error(row.orderId(), AuditAction.MOODLE_UNENROL_LEFT);
            default -> AuditEvent.cancelled(row.orderId(), AuditAction.MOODLE_UNENROLLED);
        };
        audit.record(event.message("Course " + row.courseId() + (row.moodleUserId() == null ? "" : ", Moodle user "
                + row.moodleUserId()) + ": " + what + " (order refunded)"));
    }

    private void fail(MoodleEnrolment row, boolean enrolling, MoodleProblem problem, String detail, String error) {
        RetryPolicy.Failure failure = rows.queue().failed(row.attempts());
        String status = problem.needsAdmin() ? MoodleEnrolment.NEEDS_ADMIN
                : failure.dead() ? MoodleEnrolment.DEAD : MoodleEnrolment.PENDING;
        rows.failed(row.id(), enrolling, status, problem, detail, error, failure.next());
        AuditAction action = problem.needsAdmin() ? AuditAction.MOODLE_NEEDS_ADMIN
                : failure.dead() ? AuditAction.MOODLE_DEAD : AuditAction.MOODLE_FAILED;
        audit.record(AuditEvent.error(row.orderId(), action).message((enrolling ? "" : "Taking back: ") + "course "
                + row.courseId() + ", attempt " + row.attempts() + ": " + problem + ", " + error
                + (status.equals(MoodleEnrolment.PENDING) ? "; next attempt in " + failure.delay()
                        : problem.needsAdmin() ? "; stopped: needs an administrator" : "; giving up")));
        log.warn("Moodle {} of order {} in course {} failed (attempt {}): {} {}", enrolling ? "enrolment" : "take-back",
                row.orderId(), row.courseId(), row.attempts(), problem, error);
    }

    private static String describe(MoodleAccess.Decision decision) {
        MoodleAccess.Window w = decision.window();
        String window = w == null ? "" : " from " + w.start() + " to " + (w.end() == 0 ? "no end" : Long.toString(w.end()));
        return switch (decision.access()) {
            case NEW -> "enrolled" + window;
            case RENEWED -> "ended enrolment opened again" + window;
            case EXTENDED -> "paid period extended" + window;
            case KEPT_ENROLLED -> "already enrolled by other means: nothing changed";
            case KEPT_OTHER_ROLE -> "has the role(s) " + decision.otherRoles() + " in the course: not made a student, nothing changed";
            case BY_HAND -> "settled by hand";
        };
    }
}
