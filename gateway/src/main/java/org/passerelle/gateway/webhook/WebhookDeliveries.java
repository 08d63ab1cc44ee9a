package org.passerelle.gateway.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.fulfilment.DeliveryStatus;
import org.passerelle.gateway.work.RetryPolicy;
import org.passerelle.gateway.work.WorkQueue;
import org.passerelle.gateway.work.WorkQueues;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * One row per (host event, endpoint): what was sent where, how often, and how it ended. The rows are a
 * {@link WorkQueue}: claimed before each attempt, so two instances never send the same one at once, each on its own
 * retry schedule.
 */
@Service
public class WebhookDeliveries {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String DEAD = "DEAD";

    private static final List<String> REDELIVERING_FINISHED = DeliveryStatus.PENDING.from(DeliveryStatus.DELIVERED,
            DeliveryStatus.DEAD);
    private static final List<String> REDELIVERING_WAITING = DeliveryStatus.PENDING.from(DeliveryStatus.PENDING);
    private static final List<String> DELIVERING = DeliveryStatus.DELIVERED.from(DeliveryStatus.PENDING);
    private static final List<String> RETRYING = DeliveryStatus.PENDING.from(DeliveryStatus.PENDING);
    private static final List<String> DYING = DeliveryStatus.DEAD.from(DeliveryStatus.PENDING);

    public record Delivery(long id, String orderId, String endpointId, String endpointUrl, String event,
            String eventKey, String webhookId, String status, int attempts, Integer lastHttpStatus, String lastError,
            OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt, OffsetDateTime createdAt) {
    }

    /** What the sender needs: the row and its frozen payload. */
    record Due(Delivery delivery, String payload) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final WorkQueue queue;
    private final UtcClock clock;

    public WebhookDeliveries(JdbcClient jdbc, AuditLog audit, WorkQueues queues, WebhookProperties settings,
            UtcClock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.audit = audit;
        this.queue = queues.create(WorkQueue.Spec.of("webhook", "webhook_deliveries", RETRYING,
                        settings.claimDuration(), RetryPolicy.schedule(settings.retrySchedule()))
                .groupedBy("endpoint_id", settings.maxConcurrencyPerEndpoint()));
    }

    /** Worked by the {@link WebhookSender}, a few at a time per endpoint. */
    WorkQueue queue() {
        return queue;
    }

    public List<Delivery> forOrder(String orderId) {
        return jdbc.sql("SELECT * FROM webhook_deliveries WHERE order_id = :order ORDER BY id")
                .param("order", orderId).query(WebhookDeliveries::map).list();
    }

    /** Newest first; {@code status} null lists all. */
    public List<Delivery> list(String status, int page, int size) {
        return list(status, null, page, size);
    }

    /** The same, of the orders of these organizations only (null: every one). */
    public List<Delivery> list(String status, java.util.Set<String> organizations, int page, int size) {
        return jdbc.sql("SELECT * FROM webhook_deliveries" + where(status, organizations)
                        + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("status", status).param("organizations", organizations == null ? List.of("")
                        : List.copyOf(organizations))
                .param("limit", size).param("offset", Math.max(page, 0) * size)
                .query(WebhookDeliveries::map).list();
    }

    public long count(String status) {
        return count(status, null);
    }

    public long count(String status, java.util.Set<String> organizations) {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries" + where(status, organizations))
                .param("status", status).param("organizations", organizations == null ? List.of("")
                        : List.copyOf(organizations))
                .query(Long.class).single();
    }

    /** PostgreSQL cannot type a bare null parameter: the filter is left out instead. */
    private static String where(String status, java.util.Set<String> organizations) {
        List<String> clauses = new java.util.ArrayList<>();
        if (status != null) {
            clauses.add("status = :status");
        }
        if (organizations != null) {
            clauses.add(organizations.isEmpty() ? "1 = 0"
                    : "order_id IN (SELECT id FROM orders WHERE organization_slug IN (:organizations))");
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    /** Sends it again soon, with the same webhook-id and body, whatever its status; a fresh retry schedule. */
    public boolean redeliver(long id, String actor) {
        Optional<Delivery> delivery = find(id);
        boolean changed = queue.reopen(id, PENDING, REDELIVERING_FINISHED, REDELIVERING_WAITING, "", Map.of());
        if (changed) {
            audit.record(AuditEvent.success(delivery.get().orderId(), AuditAction.WEBHOOK_REDELIVER).actor(actor)
                    .message(delivery.get().event() + " to " + delivery.get().endpointUrl() + " queued again by " + actor));
        }
        return changed;
    }

    public Optional<Delivery> find(long id) {
        return jdbc.sql("SELECT * FROM webhook_deliveries WHERE id = :id").param("id", id)
                .query(WebhookDeliveries::map).optional();
    }

    /** Idempotent: a second fan-out of the same outbox row to the same endpoint adds nothing. */
    boolean insert(long fulfilmentId, String orderId, WebhookEndpoints.Endpoint endpoint, String event, String key,
            String webhookId, String payload) {
        return jdbc.sql("""
                INSERT INTO webhook_deliveries (fulfilment_id, order_id, endpoint_id, endpoint_url, event, event_key,
                    webhook_id, payload, status, attempts, next_attempt_at, created_at)
                SELECT :fulfilment, :order, :endpoint, :url, :event, :key, :webhookId, :payload, 'PENDING', 0, :now, :now
                WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries WHERE fulfilment_id = :fulfilment AND endpoint_id = :endpoint)
                """)
                .param("fulfilment", fulfilmentId).param("order", orderId).param("endpoint", endpoint.id())
                .param("url", endpoint.url()).param("event", event).param("key", key).param("webhookId", webhookId)
                .param("payload", payload).param("now", clock.now())
                .update() == 1;
    }

    Optional<Due> load(long id) {
        return jdbc.sql("SELECT * FROM webhook_deliveries WHERE id = :id").param("id", id)
                .query((rs, row) -> new Due(map(rs, row), rs.getString("payload"))).optional();
    }

    void delivered(long id, int httpStatus) {
        queue.finish(id, DELIVERED, DELIVERING, "delivered_at = :now, last_http_status = :http, last_error = NULL",
                Map.of("http", httpStatus));
    }

    void failed(long id, Integer httpStatus, String error, OffsetDateTime next, boolean dead) {
        Map<String, Object> values = new HashMap<>();
        values.put("http", httpStatus);
        values.put("error", WorkQueue.bounded(error, 1000));
        values.put("next", next);
        queue.finish(id, dead ? DEAD : PENDING, dead ? DYING : RETRYING,
                "last_http_status = :http, last_error = :error, next_attempt_at = :next", values);
    }

    private static Delivery map(ResultSet rs, int row) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getString("order_id"), rs.getString("endpoint_id"),
                rs.getString("endpoint_url"), rs.getString("event"), rs.getString("event_key"),
                rs.getString("webhook_id"), rs.getString("status"), rs.getInt("attempts"),
                rs.getObject("last_http_status") == null ? null : rs.getInt("last_http_status"),
                rs.getString("last_error"), rs.getObject("next_attempt_at", OffsetDateTime.class),
                rs.getObject("delivered_at", OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class));
    }
}
