package org.passerelle.gateway.fulfilment;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox table. A row is claimed by compare-and-set before delivery, so two instances (or the after-commit
 * trigger and the sweeper) never deliver the same row at the same time.
 */
@Repository
public class FulfilmentOutbox {

    public record Entry(long id, String orderId, String event, String key, String status, int attempts) {
    }

    private static final List<String> DELIVERING = DeliveryStatus.DELIVERED.from(DeliveryStatus.PENDING);
    private static final List<String> REOPENING = DeliveryStatus.PENDING.from(DeliveryStatus.DEAD, DeliveryStatus.DELIVERED);
    private static final List<String> RETRYING = DeliveryStatus.PENDING.from(DeliveryStatus.PENDING);
    private static final List<String> DYING = DeliveryStatus.DEAD.from(DeliveryStatus.PENDING);

    private final JdbcClient jdbc;

    public FulfilmentOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Joins the caller's transaction; the (order, event, key) triple is unique. */
    public long enqueue(String orderId, String event, String key, OffsetDateTime now) {
        jdbc.sql("""
                INSERT INTO fulfilments (order_id, event, event_key, status, attempts, next_attempt_at, created_at)
                VALUES (:order, :event, :key, 'PENDING', 0, :now, :now)
                """)
                .param("order", orderId).param("event", event).param("key", key).param("now", now).update();
        return jdbc.sql("SELECT id FROM fulfilments WHERE order_id = :order AND event = :event AND event_key = :key")
                .param("order", orderId).param("event", event).param("key", key).query(Long.class).single();
    }

    public List<Long> due(OffsetDateTime now, int limit) {
        return jdbc.sql("""
                SELECT id FROM fulfilments
                WHERE status = 'PENDING' AND next_attempt_at <= :now AND (claimed_until IS NULL OR claimed_until < :now)
                ORDER BY next_attempt_at LIMIT :limit
                """)
                .param("now", now).param("limit", limit).query(Long.class).list();
    }

    /** True when this caller now owns the row until {@code until}. */
    public boolean claim(long id, String claimant, OffsetDateTime now, OffsetDateTime until) {
        return jdbc.sql("""
                UPDATE fulfilments SET claimed_by = :claimant, claimed_until = :until, attempts = attempts + 1
                WHERE id = :id AND status = 'PENDING' AND next_attempt_at <= :now
                  AND (claimed_until IS NULL OR claimed_until < :now)
                """)
                .param("claimant", claimant).param("until", until).param("id", id).param("now", now)
                .update() == 1;
    }

    public Optional<Entry> find(long id) {
        return jdbc.sql("SELECT id, order_id, event, event_key, status, attempts FROM fulfilments WHERE id = :id")
                .param("id", id)
                .query((rs, row) -> new Entry(rs.getLong("id"), rs.getString("order_id"), rs.getString("event"),
                        rs.getString("event_key"), rs.getString("status"), rs.getInt("attempts")))
                .optional();
    }

    public List<Entry> forOrder(String orderId) {
        return jdbc.sql("SELECT id, order_id, event, event_key, status, attempts FROM fulfilments WHERE order_id = :order ORDER BY id")
                .param("order", orderId)
                .query((rs, row) -> new Entry(rs.getLong("id"), rs.getString("order_id"), rs.getString("event"),
                        rs.getString("event_key"), rs.getString("status"), rs.getInt("attempts")))
                .list();
    }

    public void markDelivered(long id, String claimant, OffsetDateTime now) {
        jdbc.sql("""
                UPDATE fulfilments SET status = 'DELIVERED', delivered_at = :now, claimed_until = NULL, last_error = NULL
                WHERE id = :id AND claimed_by = :claimant AND status IN (:from)
                """)
                .param("now", now).param("id", id).param("claimant", claimant).param("from", DELIVERING).update();
    }

    /**
     * Puts a finished row (DEAD, or DELIVERED when a channel must hear it again) back in the queue, due now with a
     * fresh attempt count; false when the row is unknown or still pending.
     */
    public boolean reopen(long id, OffsetDateTime now) {
        return jdbc.sql("""
                UPDATE fulfilments SET status = 'PENDING', attempts = 0, next_attempt_at = :now, claimed_until = NULL,
                    delivered_at = NULL
                WHERE id = :id AND status IN (:from)
                """)
                .param("from", REOPENING).param("now", now).param("id", id).update() == 1;
    }

    public void markFailed(long id, String claimant, String error, OffsetDateTime nextAttempt, boolean dead) {
        jdbc.sql("""
                UPDATE fulfilments SET status = :status, next_attempt_at = :next, claimed_until = NULL, last_error = :error
                WHERE id = :id AND claimed_by = :claimant AND status IN (:from)
                """)
                .param("from", dead ? DYING : RETRYING)
                .param("status", (dead ? DeliveryStatus.DEAD : DeliveryStatus.PENDING).name()).param("next", nextAttempt)
                .param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .param("id", id).param("claimant", claimant).update();
    }
}
