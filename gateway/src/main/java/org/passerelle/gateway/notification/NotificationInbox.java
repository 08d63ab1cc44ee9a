package org.passerelle.gateway.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.passerelle.gateway.notification.InboxEntry.Status;
import org.passerelle.gateway.work.RetryPolicy;
import org.passerelle.gateway.work.WorkQueue;
import org.passerelle.gateway.work.WorkQueues;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code notification_inbox} table. A body is stored once (unique hash; a copy only increments {@code copies}),
 * and the entries waiting for processing (RECEIVED, RETRY) are a {@link WorkQueue}: claimed before processing, so that
 * two instances, or the after-receipt trigger and the sweep, never process one at the same time.
 */
@Repository
public class NotificationInbox {

    /** What storing a received notification did. */
    public record Stored(long id, boolean isNew) {
    }

    /** A correctly signed copy of a body first received with a bad signature: it may be processed now. */
    private static final List<String> SIGNED_COPY = Status.RECEIVED.from(Status.REJECTED);

    /** Processing ends a claimed RECEIVED or RETRY entry: those are the queue's waiting statuses. */
    private static final List<String> WAITING = Status.PROCESSED.from(Status.RECEIVED, Status.RETRY);

    private final JdbcClient jdbc;
    private final WorkQueue queue;

    public NotificationInbox(JdbcClient jdbc, WorkQueues queues, NotificationProperties settings) {
        this.jdbc = jdbc;
        this.queue = queues.create(WorkQueue.Spec.of("notification", "notification_inbox", WAITING,
                settings.claimDuration(), RetryPolicy.doubling(settings.retryDelay(), null, settings.maxAttempts())));
    }

    /** Worked by the {@link NotificationService}. */
    WorkQueue queue() {
        return queue;
    }

    public Stored store(String bodyHash, String body, String headers, String clientIp, String eventType, Status status,
            String outcome, OffsetDateTime now) {
        try {
            jdbc.sql("""
                    INSERT INTO notification_inbox (body_hash, body, headers, client_ip, event_type, status, outcome,
                        next_attempt_at, received_at)
                    VALUES (:hash, :body, :headers, :ip, :type, :status, :outcome, :now, :now)
                    """)
                    .param("hash", bodyHash).param("body", body).param("headers", headers).param("ip", clientIp)
                    .param("type", eventType).param("status", status.name()).param("outcome", outcome)
                    .param("now", now)
                    .update();
            return new Stored(idOf(bodyHash), true);
        } catch (DuplicateKeyException duplicate) {
            long id = idOf(bodyHash);
            jdbc.sql("UPDATE notification_inbox SET copies = copies + 1 WHERE id = :id").param("id", id).update();
            if (status == Status.RECEIVED) {
                // a correctly signed copy of a body first received with a bad signature: it may be processed now
                boolean reopened = jdbc.sql("""
                        UPDATE notification_inbox SET status = 'RECEIVED', headers = :headers, outcome = NULL,
                            next_attempt_at = :now
                        WHERE id = :id AND status IN (:from)
                        """)
                        .param("from", SIGNED_COPY).param("headers", headers).param("now", now).param("id", id).update() == 1;
                return new Stored(id, reopened);
            }
            return new Stored(id, false);
        }
    }

    private long idOf(String bodyHash) {
        return jdbc.sql("SELECT id FROM notification_inbox WHERE body_hash = :hash").param("hash", bodyHash)
                .query(Long.class).single();
    }

    public Optional<InboxEntry> find(long id) {
        return jdbc.sql("SELECT * FROM notification_inbox WHERE id = :id").param("id", id)
                .query(NotificationInbox::map).optional();
    }

    /** The latest entries, newest first (admin console). */
    public List<InboxEntry> latest(int limit) {
        return jdbc.sql("SELECT * FROM notification_inbox ORDER BY id DESC LIMIT :limit").param("limit", limit)
                .query(NotificationInbox::map).list();
    }

    /** Records the result of this instance's attempt and releases the claim (nothing if another took it over). */
    void finish(long id, Status status, String orderId, String outcome, OffsetDateTime nextAttempt) {
        Map<String, Object> values = new HashMap<>();
        values.put("order", orderId);
        values.put("outcome", WorkQueue.bounded(outcome, 1000));
        values.put("next", nextAttempt);
        queue.finish(id, status.name(), status.sources(),
                "order_id = COALESCE(:order, order_id), outcome = :outcome, processed_at = :now, next_attempt_at = :next",
                values);
    }

    /** Puts an entry back in the queue (admin "process again"); false for an entry someone is processing now. */
    boolean requeue(long id, Status status, String outcome) {
        Map<String, Object> values = new HashMap<>();
        values.put("outcome", WorkQueue.bounded(outcome, 1000));
        return queue.reopen(id, status.name(), List.of(), status.sources(), "outcome = :outcome", values);
    }

    /**
     * Deletes the finished entries received and last processed before {@code cutoff}; returns how many. Entries still
     * to process (RECEIVED) or awaiting a retry (RETRY) are kept whatever their age; a finished entry is never claimed (only those two are).
     */
    public int purgeFinishedBefore(OffsetDateTime cutoff) {
        return jdbc.sql("""
                DELETE FROM notification_inbox
                WHERE status IN ('PROCESSED', 'IGNORED', 'REJECTED', 'MALFORMED')
                  AND received_at < :cutoff AND (processed_at IS NULL OR processed_at < :cutoff)
                """)
                .param("cutoff", cutoff).update();
    }

    private static InboxEntry map(ResultSet rs, int row) throws SQLException {
        return new InboxEntry(rs.getLong("id"), rs.getString("body_hash"), rs.getString("body"), rs.getString("headers"),
                rs.getString("client_ip"), rs.getString("event_type"), Status.valueOf(rs.getString("status")),
                rs.getString("order_id"), rs.getString("outcome"), rs.getInt("copies"), rs.getInt("attempts"),
                rs.getObject("received_at", OffsetDateTime.class), rs.getObject("processed_at", OffsetDateTime.class));
    }
}
