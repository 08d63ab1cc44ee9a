package org.passerelle.gateway.fulfilment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.work.RetryPolicy;
import org.passerelle.gateway.work.WorkQueue;
import org.passerelle.gateway.work.WorkQueues;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The outbox table: one row per order event, worked as a {@link WorkQueue} (claimed before each delivery). */
@Repository
public class FulfilmentOutbox {

    public record Entry(long id, String orderId, EventType event, String key, String status, int attempts) {
    }

    private static final List<String> DELIVERING = DeliveryStatus.DELIVERED.from(DeliveryStatus.PENDING);
    private static final List<String> REOPENING = DeliveryStatus.PENDING.from(DeliveryStatus.DEAD, DeliveryStatus.DELIVERED);
    private static final List<String> RETRYING = DeliveryStatus.PENDING.from(DeliveryStatus.PENDING);
    private static final List<String> DYING = DeliveryStatus.DEAD.from(DeliveryStatus.PENDING);

    private final JdbcClient jdbc;
    private final WorkQueue queue;

    public FulfilmentOutbox(JdbcClient jdbc, WorkQueues queues, PasserelleProperties properties) {
        this.jdbc = jdbc;
        PasserelleProperties.Fulfilment settings = properties.fulfilment();
        this.queue = queues.create(WorkQueue.Spec.of("fulfilment", "fulfilments", RETRYING, settings.claimDuration(),
                RetryPolicy.doubling(settings.firstRetryDelay(), settings.maxRetryDelay(), settings.maxAttempts())));
    }

    WorkQueue queue() {
        return queue;
    }

    /** Joins the caller's transaction; the (order, event, key) triple is unique. */
    public long enqueue(String orderId, EventType event, String key, OffsetDateTime now) {
        jdbc.sql("""
                INSERT INTO fulfilments (order_id, event, event_key, status, attempts, next_attempt_at, created_at)
                VALUES (:order, :event, :key, 'PENDING', 0, :now, :now)
                """)
                .param("order", orderId).param("event", event.code()).param("key", key).param("now", now).update();
        return jdbc.sql("SELECT id FROM fulfilments WHERE order_id = :order AND event = :event AND event_key = :key")
                .param("order", orderId).param("event", event.code()).param("key", key).query(Long.class).single();
    }

    public Optional<Entry> find(long id) {
        return jdbc.sql("SELECT * FROM fulfilments WHERE id = :id").param("id", id).query(FulfilmentOutbox::map).optional();
    }

    public List<Entry> forOrder(String orderId) {
        return jdbc.sql("SELECT * FROM fulfilments WHERE order_id = :order ORDER BY id").param("order", orderId)
                .query(FulfilmentOutbox::map).list();
    }

    private static Entry map(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getString("order_id"), EventType.of(rs.getString("event")), rs.getString("event_key"),
                rs.getString("status"), rs.getInt("attempts"));
    }

    void delivered(long id) {
        queue.finish(id, DeliveryStatus.DELIVERED.name(), DELIVERING, "delivered_at = :now, last_error = NULL", Map.of());
    }

    void failed(long id, String error, RetryPolicy.Failure failure) {
        queue.finish(id, (failure.dead() ? DeliveryStatus.DEAD : DeliveryStatus.PENDING).name(),
                failure.dead() ? DYING : RETRYING, "next_attempt_at = :next, last_error = :error",
                Map.of("next", failure.next(), "error", WorkQueue.bounded(error, 1000)));
    }

    /**
     * Puts a finished row (DEAD, or DELIVERED when a channel must hear it again) back in the queue, due now with a
     * fresh attempt count; false when the row is unknown or still pending.
     */
    boolean reopen(long id) {
        return queue.reopen(id, DeliveryStatus.PENDING.name(), REOPENING, List.of(), "delivered_at = NULL", Map.of());
    }
}
