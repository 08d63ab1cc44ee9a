package org.passerelle.gateway.moodle;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.fulfilment.FulfilmentHandler;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Moodle channel: a paid order whose offer (or API metadata) names a course enrols its payer there. Like a
 * webhook, each enrolment is a row with its own retry schedule, so a Moodle outage delays nothing else; once the
 * schedule is used up the row is DEAD and the error says what to fix. The period starts at the payment, so enrolling
 * again (a retry after a crash) sets the same dates: it never extends an enrolment.
 */
@Component
public class MoodleEnrolments implements FulfilmentHandler, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MoodleEnrolments.class);

    /** One enrolment to make. */
    public record Enrolment(long id, String orderId, long courseId, String email, Long moodleUserId, String status,
            int attempts, String lastError, OffsetDateTime nextAttemptAt, OffsetDateTime enrolledAt) {
    }

    private final MoodleProperties settings;
    private final MoodleClient client;
    private final JdbcClient jdbc;
    private final OrderRepository orders;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final String instanceId = "instance-" + UUID.randomUUID();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    public MoodleEnrolments(MoodleProperties settings, JdbcClient jdbc, OrderRepository orders, AuditLog audit,
            JsonMapper json, Clock clock) {
        this.settings = settings;
        this.client = settings.enabled()
                ? new MoodleClient(settings.url(), settings.token(), settings.connectTimeout(), settings.requestTimeout())
                : null;
        this.jdbc = jdbc;
        this.orders = orders;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "moodle";
    }

    @Override
    public void deliver(FulfilmentEvent event) {
        if (client == null || !event.event().equals(FulfilmentEvent.ORDER_PAID)) {
            return;
        }
        Long course = courseFor(event.order());
        if (course == null) {
            return;
        }
        String email = event.order().payer().email();
        OffsetDateTime now = now();
        int added = jdbc.sql("""
                INSERT INTO moodle_enrolments (fulfilment_id, order_id, course_id, email, status, attempts, last_error,
                    next_attempt_at, created_at)
                SELECT :fulfilment, :order, :course, :email, :status, 0, :error, :now, :now
                WHERE NOT EXISTS (SELECT 1 FROM moodle_enrolments WHERE fulfilment_id = :fulfilment AND course_id = :course)
                """)
                .param("fulfilment", event.fulfilmentId()).param("order", event.order().id()).param("course", course)
                .param("email", email == null ? "" : email).param("status", email == null ? "DEAD" : "PENDING")
                .param("error", email == null ? "The order has no payer e-mail: enrol the payer by hand" : null)
                .param("now", now).update();
        if (added == 1 && email == null) {
            audit.record(AuditEvent.error(event.order().id(), "moodle.dead")
                    .message("Course " + course + ": the order has no payer e-mail"));
        } else if (added == 1) {
            sweep();
        }
    }

    /** The offer's course from the configuration, else the course named in an API order's metadata. */
    Long courseFor(Order order) {
        if (order.offerId() != null) {
            return settings.courses().get(order.offerId());
        }
        if (order.metadata() == null) {
            return null;
        }
        JsonNode value = json.readTree(order.metadata()).get(settings.metadataKey());
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            long id = value.isNumber() ? value.asLong() : Long.parseLong(value.asString().trim());
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public List<Enrolment> forOrder(String orderId) {
        return jdbc.sql("SELECT * FROM moodle_enrolments WHERE order_id = :order ORDER BY id")
                .param("order", orderId).query((rs, row) -> new Enrolment(rs.getLong("id"), rs.getString("order_id"),
                        rs.getLong("course_id"), rs.getString("email"),
                        rs.getObject("moodle_user_id") == null ? null : rs.getLong("moodle_user_id"),
                        rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
                        rs.getObject("next_attempt_at", OffsetDateTime.class),
                        rs.getObject("enrolled_at", OffsetDateTime.class)))
                .list();
    }

    /**
     * Takes the order's enrolments back (a full refund): enrolled ones are removed in Moodle, waiting or dead ones
     * are dropped; every row ends UNENROLLED. Returns how many were removed in Moodle. Safe to call again.
     *
     * @throws MoodleException when Moodle fails, or an attempt to enrol is running right now: call again later
     */
    public int unenrol(Order order, String why) throws MoodleException {
        if (client == null) {
            return 0;
        }
        int removed = 0;
        for (Enrolment row : forOrder(order.id())) {
            if (row.status().equals("ENROLLED")) {
                client.unenrol(row.moodleUserId(), row.courseId());
                jdbc.sql("UPDATE moodle_enrolments SET status = 'UNENROLLED' WHERE id = :id AND status = 'ENROLLED'")
                        .param("id", row.id()).update();
                audit.record(AuditEvent.success(order.id(), "moodle.unenrolled")
                        .message("Moodle user " + row.moodleUserId() + " unenrolled from course " + row.courseId()
                                + " (" + why + ")"));
                removed++;
            } else if (!row.status().equals("UNENROLLED")) {
                int dropped = jdbc.sql("""
                        UPDATE moodle_enrolments SET status = 'UNENROLLED', claimed_until = NULL
                        WHERE id = :id AND status IN ('PENDING', 'DEAD')
                          AND (claimed_until IS NULL OR claimed_until < :now)
                        """).param("id", row.id()).param("now", now()).update();
                if (dropped == 0) {
                    throw new MoodleException("busy", "Enrolment " + row.id() + " is being attempted: unenrol later");
                }
                audit.record(AuditEvent.cancelled(order.id(), "moodle.unenrolled")
                        .message("Enrolment in course " + row.courseId() + " dropped before it was made (" + why + ")"));
            }
        }
        return removed;
    }

    /** Tries a DEAD (or waiting) enrolment again now, with a fresh retry schedule. */
    public boolean retry(long id, String actor) {
        boolean changed = jdbc.sql("""
                UPDATE moodle_enrolments SET status = 'PENDING', attempts = 0, next_attempt_at = :now, claimed_until = NULL
                WHERE id = :id AND status IN ('PENDING', 'DEAD') AND email <> ''
                """).param("now", now()).param("id", id).update() == 1;
        if (changed) {
            audit.record(AuditEvent.success(null, "moodle.retry").message("Enrolment " + id + " retried by " + actor));
            sweep();
        }
        return changed;
    }

    @Scheduled(fixedDelayString = "${passerelle.moodle.sweep-interval:10s}",
            initialDelayString = "${passerelle.moodle.sweep-interval:10s}")
    public void sweep() {
        if (client == null) {
            return;
        }
        List<Long> due = jdbc.sql("""
                SELECT id FROM moodle_enrolments
                WHERE status = 'PENDING' AND next_attempt_at <= :now AND (claimed_until IS NULL OR claimed_until < :now)
                ORDER BY next_attempt_at LIMIT 100
                """).param("now", now()).query(Long.class).list();
        for (long id : due) {
            workers.execute(() -> enrol(id));
        }
    }

    /** One attempt, if the row is due and nobody else holds it. */
    boolean enrol(long id) {
        OffsetDateTime now = now();
        boolean claimed = jdbc.sql("""
                UPDATE moodle_enrolments SET claimed_by = :me, claimed_until = :until, attempts = attempts + 1
                WHERE id = :id AND status = 'PENDING' AND next_attempt_at <= :now
                  AND (claimed_until IS NULL OR claimed_until < :now)
                """)
                .param("me", instanceId).param("until", now.plus(settings.requestTimeout().multipliedBy(4)))
                .param("id", id).param("now", now).update() == 1;
        if (!claimed) {
            return false;
        }
        Enrolment row = jdbc.sql("SELECT * FROM moodle_enrolments WHERE id = :id").param("id", id)
                .query((rs, n) -> new Enrolment(rs.getLong("id"), rs.getString("order_id"), rs.getLong("course_id"),
                        rs.getString("email"), null, rs.getString("status"), rs.getInt("attempts"), null, null, null))
                .single();
        Optional<Order> order = orders.find(row.orderId());
        try {
            long userId = userFor(row.email(), order.map(Order::payer).orElse(Order.Payer.none()));
            long start = order.map(Order::paidAt).orElse(now).toEpochSecond();
            Duration period = settings.enrolmentPeriod();
            client.enrol(userId, row.courseId(), settings.roleId(), start, period == null ? 0 : start + period.toSeconds());
            jdbc.sql("""
                    UPDATE moodle_enrolments SET status = 'ENROLLED', moodle_user_id = :user, enrolled_at = :now,
                        last_error = NULL, claimed_until = NULL
                    WHERE id = :id AND claimed_by = :me AND status = 'PENDING'
                    """).param("user", userId).param("now", now()).param("id", id).param("me", instanceId).update();
            audit.record(AuditEvent.success(row.orderId(), "moodle.enrolled")
                    .message("Moodle user " + userId + " enrolled in course " + row.courseId()));
            return true;
        } catch (MoodleException e) {
            fail(row, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            fail(row, e.getClass().getSimpleName());
            return false;
        }
    }

    private long userFor(String email, Order.Payer payer) throws MoodleException {
        Long existing = client.userIdByEmail(email);
        if (existing != null) {
            return existing;
        }
        if (!settings.createUsers()) {
            throw new MoodleException("nouser", "No Moodle account has the e-mail " + email
                    + ": create it in Moodle, or set passerelle.moodle.create-users=true");
        }
        String first = payer.firstName() == null || payer.firstName().isBlank() ? email.substring(0, email.indexOf('@'))
                : payer.firstName();
        String last = payer.lastName() == null || payer.lastName().isBlank() ? "-" : payer.lastName();
        return client.createUser(email, first, last);
    }

    private void fail(Enrolment row, String error) {
        List<Duration> schedule = settings.retrySchedule();
        boolean dead = row.attempts() > schedule.size();
        Duration wait = schedule.get(Math.min(row.attempts(), schedule.size()) - 1);
        String bounded = error.length() > 1000 ? error.substring(0, 1000) : error;
        jdbc.sql("""
                UPDATE moodle_enrolments SET status = :status, last_error = :error, next_attempt_at = :next,
                    claimed_until = NULL
                WHERE id = :id AND claimed_by = :me AND status = 'PENDING'
                """).param("status", dead ? "DEAD" : "PENDING").param("error", bounded)
                .param("next", now().plus(wait)).param("id", row.id()).param("me", instanceId).update();
        audit.record(AuditEvent.error(row.orderId(), dead ? "moodle.dead" : "moodle.failed")
                .message("Course " + row.courseId() + ", attempt " + row.attempts() + ": " + bounded
                        + (dead ? "; giving up" : "; next attempt in " + wait)));
        log.warn("Moodle enrolment of order {} in course {} failed (attempt {}): {}", row.orderId(), row.courseId(),
                row.attempts(), bounded);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
