package org.passerelle.gateway.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.fulfilment.DeliveryStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * One row per (host event, endpoint): what was sent where, how often, and how it ended. Rows are claimed by
 * compare-and-set before each attempt, so two instances never send the same one at once.
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
    private final Clock clock;

    public WebhookDeliveries(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Delivery> forOrder(String orderId) {
        return jdbc.sql("SELECT * FROM webhook_deliveries WHERE order_id = :order ORDER BY id")
                .param("order", orderId).query(WebhookDeliveries::map).list();
    }

    /** Newest first; {@code status} null lists all. */
    public List<Delivery> list(String status, int page, int size) {
        return jdbc.sql("SELECT * FROM webhook_deliveries" + where(status) + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("status", status).param("limit", size).param("offset", Math.max(page, 0) * size)
                .query(WebhookDeliveries::map).list();
    }

    public long count(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries" + where(status))
                .param("status", status).query(Long.class).single();
    }

    /** PostgreSQL cannot type a bare null parameter: the filter is left out instead. */
    private static String where(String status) {
        return status == null ? "" : " WHERE status = :status";
    }

    /** Sends it again soon, with the same webhook-id and body, whatever its status; a fresh retry schedule. */
    public boolean redeliver(long id, String actor) {
        Optional<Delivery> delivery = find(id);
        boolean changed = jdbc.sql("""
                UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = :now,
                    claimed_until = NULL
                WHERE id = :id AND (status IN (:finished)
                    OR (status IN (:waiting) AND (claimed_until IS NULL OR claimed_until < :now)))
                """)
                .param("finished", REDELIVERING_FINISHED).param("waiting", REDELIVERING_WAITING)
                .param("now", now()).param("id", id).update() == 1;
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
                .param("payload", payload).param("now", now())
                .update() == 1;
    }

    /** A due delivery and the endpoint it goes to. */
    record DueRef(long id, String endpointId) {
    }

    List<DueRef> due(OffsetDateTime now, int limit) {
        return jdbc.sql("""
                SELECT id, endpoint_id FROM webhook_deliveries
                WHERE status = 'PENDING' AND next_attempt_at <= :now AND (claimed_until IS NULL OR claimed_until < :now)
                ORDER BY next_attempt_at LIMIT :limit
                """)
                .param("now", now).param("limit", limit)
                .query((rs, row) -> new DueRef(rs.getLong("id"), rs.getString("endpoint_id"))).list();
    }

    boolean claim(long id, String claimant, OffsetDateTime now, OffsetDateTime until) {
        return jdbc.sql("""
                UPDATE webhook_deliveries SET claimed_by = :claimant, claimed_until = :until, attempts = attempts + 1
                WHERE id = :id AND status = 'PENDING' AND next_attempt_at <= :now
                  AND (claimed_until IS NULL OR claimed_until < :now)
                """)
                .param("claimant", claimant).param("until", until).param("id", id).param("now", now).update() == 1;
    }

    Optional<Due> load(long id) {
        return jdbc.sql("SELECT * FROM webhook_deliveries WHERE id = :id").param("id", id)
                .query((rs, row) -> new Due(map(rs, row), rs.getString("payload"))).optional();
    }

    void delivered(long id, String claimant, int httpStatus) {
        jdbc.sql("""
                UPDATE webhook_deliveries SET status = 'DELIVERED', delivered_at = :now, last_http_status = :http,
                    last_error = NULL, claimed_until = NULL
                WHERE id = :id AND claimed_by = :claimant AND status IN (:from)
                """)
                .param("from", DELIVERING).param("now", now()).param("http", httpStatus).param("id", id).param("claimant", claimant).update();
    }

    void failed(long id, String claimant, Integer httpStatus, String error, OffsetDateTime next, boolean dead) {
        jdbc.sql("""
                UPDATE webhook_deliveries SET status = :status, last_http_status = :http, last_error = :error,
                    next_attempt_at = :next, claimed_until = NULL
                WHERE id = :id AND claimed_by = :claimant AND status IN (:from)
                """)
                .param("from", dead ? DYING : RETRYING).param("status", dead ? DEAD : PENDING).param("http", httpStatus)
                .param("error", error.length() > 1000 ? error.substring(0, 1000) : error).param("next", next)
                .param("id", id).param("claimant", claimant).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
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
