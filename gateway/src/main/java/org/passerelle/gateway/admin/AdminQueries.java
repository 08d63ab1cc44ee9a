package org.passerelle.gateway.admin;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.audit.Outcome;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.web.Amounts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What the console reads: filtered, paged listings and the dashboard's figures, straight from SQL. */
@Repository
public class AdminQueries {

    public static final int PAGE_SIZE = 50;
    static final int EXPORT_LIMIT = 100_000;

    /** One page of a listing, with what the pager needs. */
    public record Paged<T>(List<T> items, long total, int page, int pageSize) {

        public int pages() {
            return (int) Math.max(1, (total + pageSize - 1) / pageSize);
        }

        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages();
        }
    }

    /** Count and sum (cents) of the orders of one status over a period. */
    public record StatusFigures(OrderStatus status, long count, long cents) {
    }

    /** A fulfilment outbox row as the order's timeline shows it. */
    public record FulfilmentRow(long id, String event, String key, String status, int attempts, String lastError,
            OffsetDateTime createdAt, OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt) {

        public boolean redeliverable() {
            return !"PENDING".equals(status);
        }
    }

    /** One line of the order's timeline, whatever its source. */
    public record TimelineEntry(OffsetDateTime at, String kind, String title, String outcome, String detail,
            String actor) {
    }

    /** A notification received about an order (the inbox row, without its body). */
    public record InboxRow(long id, String eventType, String status, String outcome, int copies,
            OffsetDateTime receivedAt, OffsetDateTime processedAt) {
    }

    /** A paid day of the chart. */
    public record DayAmount(LocalDate day, long cents) {
    }

    private final JdbcClient jdbc;
    private final OrderRepository orders;

    public AdminQueries(JdbcClient jdbc, OrderRepository orders) {
        this.jdbc = jdbc;
        this.orders = orders;
    }

    /** Builds a WHERE clause and its parameters from the filters that are set. */
    private static final class Where {
        final List<String> clauses = new ArrayList<>();
        final Map<String, Object> params = new LinkedHashMap<>();

        Where and(String clause, String name, Object value) {
            clauses.add(clause);
            params.put(name, value);
            return this;
        }

        String sql() {
            return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        }
    }

    /** Null when a filter cannot be understood (e.g. "abc" as an amount): the caller shows a message. */
    static String invalidFilter(OrderFilter filter) {
        if (filter.status() != null && !filter.status().isBlank()
                && java.util.Arrays.stream(OrderStatus.values()).noneMatch(s -> s.name().equals(filter.status()))) {
            return "status";
        }
        if (filter.min() != null && !filter.min().isBlank() && Amounts.parseEuros(filter.min()) == null) {
            return "min";
        }
        if (filter.max() != null && !filter.max().isBlank() && Amounts.parseEuros(filter.max()) == null) {
            return "max";
        }
        return null;
    }

    private static Where where(OrderFilter filter, ZoneId zone) {
        Where where = new Where();
        if (filter.status() != null && !filter.status().isBlank()) {
            where.and("status = :status", "status", filter.status());
        }
        if (filter.from() != null) {
            where.and("created_at >= :from", "from", startOf(filter.from(), zone));
        }
        if (filter.to() != null) {
            where.and("created_at < :to", "to", startOf(filter.to().plusDays(1), zone));
        }
        if (filter.q() != null && !filter.q().isBlank()) {
            where.and("(LOWER(payer_email) LIKE :q OR LOWER(payer_first_name) LIKE :q OR LOWER(payer_last_name) LIKE :q"
                    + " OR LOWER(CONCAT(CONCAT(payer_first_name, ' '), payer_last_name)) LIKE :q)", "q", like(filter.q()));
        }
        if (filter.reference() != null && !filter.reference().isBlank()) {
            where.and("(LOWER(reference) LIKE :reference OR id = :exactId OR CAST(helloasso_order_id AS VARCHAR(30)) = :exactId"
                    + " OR CAST(checkout_intent_id AS VARCHAR(30)) = :exactId)", "reference", like(filter.reference()));
            where.params.put("exactId", filter.reference().trim());
        }
        if (filter.offer() != null && !filter.offer().isBlank()) {
            where.and("offer_id = :offer", "offer", filter.offer().trim());
        }
        Integer min = filter.min() == null || filter.min().isBlank() ? null : Amounts.parseEuros(filter.min());
        Integer max = filter.max() == null || filter.max().isBlank() ? null : Amounts.parseEuros(filter.max());
        if (min != null) {
            where.and("amount >= :min", "min", min);
        }
        if (max != null) {
            where.and("amount <= :max", "max", max);
        }
        return where;
    }

    public Paged<Order> orders(OrderFilter filter, ZoneId zone) {
        Where where = where(filter, zone);
        long total = jdbc.sql("SELECT COUNT(*) FROM orders" + where.sql()).params(where.params).query(Long.class).single();
        List<Order> page = jdbc.sql("SELECT * FROM orders" + where.sql()
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .params(where.params).param("limit", PAGE_SIZE)
                .param("offset", (long) (filter.pageNumber() - 1) * PAGE_SIZE)
                .query(orders::map).list();
        return new Paged<>(page, total, filter.pageNumber(), PAGE_SIZE);
    }

    /** Every order the filters match (no paging), oldest first, for the CSV export. */
    public List<Order> export(OrderFilter filter, ZoneId zone) {
        Where where = where(filter, zone);
        return jdbc.sql("SELECT * FROM orders" + where.sql() + " ORDER BY created_at, id LIMIT :limit")
                .params(where.params).param("limit", EXPORT_LIMIT).query(orders::map).list();
    }

    public Paged<AuditEvent> events(EventFilter filter, ZoneId zone) {
        Where where = new Where();
        String preset = filter.preset() == null ? "" : filter.preset();
        switch (preset) {
            case "errors" -> where.clauses.add("outcome IN ('error', 'fraud_detected')");
            case "fraud" -> where.clauses.add("outcome = 'fraud_detected'");
            default -> {
            }
        }
        if (filter.outcome() != null && !filter.outcome().isBlank()) {
            where.and("outcome = :outcome", "outcome", filter.outcome().trim().toLowerCase(Locale.ROOT));
        }
        if (filter.action() != null && !filter.action().isBlank()) {
            where.and("action LIKE :action", "action", filter.action().trim().toLowerCase(Locale.ROOT) + "%");
        }
        if (filter.from() != null) {
            where.and("created_at >= :from", "from", startOf(filter.from(), zone));
        }
        if (filter.to() != null) {
            where.and("created_at < :to", "to", startOf(filter.to().plusDays(1), zone));
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM audit_events" + where.sql()).params(where.params)
                .query(Long.class).single();
        List<AuditEvent> page = jdbc.sql("SELECT * FROM audit_events" + where.sql()
                        + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .params(where.params).param("limit", PAGE_SIZE)
                .param("offset", (long) (filter.pageNumber() - 1) * PAGE_SIZE)
                .query(AuditLog::map).list();
        return new Paged<>(page, total, filter.pageNumber(), PAGE_SIZE);
    }

    /** Orders created since {@code since}, by status (every status listed, zeros included). */
    public List<StatusFigures> byStatus(OffsetDateTime since) {
        Map<OrderStatus, StatusFigures> figures = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            figures.put(status, new StatusFigures(status, 0, 0));
        }
        jdbc.sql("SELECT status, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS cents FROM orders"
                        + " WHERE created_at >= :since GROUP BY status")
                .param("since", since)
                .query(rs -> {
                    OrderStatus status = OrderStatus.valueOf(rs.getString("status"));
                    figures.put(status, new StatusFigures(status, rs.getLong("n"), rs.getLong("cents")));
                });
        return List.copyOf(figures.values());
    }

    /** Orders of every status right now (metrics). */
    public Map<OrderStatus, Long> countsByStatus() {
        Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.sql("SELECT status, COUNT(*) AS n FROM orders GROUP BY status")
                .query(rs -> {
                    counts.put(OrderStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                });
        return counts;
    }

    public long pendingCount() {
        return jdbc.sql("SELECT COUNT(*) FROM orders WHERE status = 'PENDING'").query(Long.class).single();
    }

    public Optional<Order> oldestPending() {
        return jdbc.sql("SELECT * FROM orders WHERE status = 'PENDING' ORDER BY created_at, id LIMIT 1")
                .query(orders::map).optional();
    }

    /** Amounts paid per day (by {@code paid_at}, in the console's zone), every day of the range present. */
    public List<DayAmount> paidPerDay(LocalDate first, LocalDate last, ZoneId zone) {
        Map<LocalDate, Long> days = new LinkedHashMap<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.put(day, 0L);
        }
        jdbc.sql("SELECT paid_at, amount FROM orders WHERE paid_at >= :from AND paid_at < :to")
                .param("from", startOf(first, zone)).param("to", startOf(last.plusDays(1), zone))
                .query(rs -> {
                    LocalDate day = rs.getObject("paid_at", OffsetDateTime.class).atZoneSameInstant(zone).toLocalDate();
                    long cents = rs.getLong("amount");
                    days.computeIfPresent(day, (d, sum) -> sum + cents);
                });
        return days.entrySet().stream().map(e -> new DayAmount(e.getKey(), e.getValue())).toList();
    }

    public List<AuditEvent> fraudSignals(OffsetDateTime since, int limit) {
        return jdbc.sql("SELECT * FROM audit_events WHERE outcome = 'fraud_detected' AND created_at >= :since"
                        + " ORDER BY id DESC LIMIT :limit")
                .param("since", since).param("limit", limit).query(AuditLog::map).list();
    }

    public long fraudCount(OffsetDateTime since) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE outcome = 'fraud_detected' AND created_at >= :since")
                .param("since", since).query(Long.class).single();
    }

    /** Notifications waiting to be processed (received or to retry). */
    public long inboxDepth() {
        return jdbc.sql("SELECT COUNT(*) FROM notification_inbox WHERE status IN ('RECEIVED', 'RETRY')")
                .query(Long.class).single();
    }

    public long fulfilments(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM fulfilments WHERE status = :status").param("status", status)
                .query(Long.class).single();
    }

    public List<FulfilmentRow> fulfilmentsOf(String orderId) {
        return jdbc.sql("SELECT * FROM fulfilments WHERE order_id = :order ORDER BY id").param("order", orderId)
                .query((rs, row) -> new FulfilmentRow(rs.getLong("id"), rs.getString("event"),
                        rs.getString("event_key"), rs.getString("status"), rs.getInt("attempts"),
                        rs.getString("last_error"), rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("next_attempt_at", OffsetDateTime.class),
                        rs.getObject("delivered_at", OffsetDateTime.class)))
                .list();
    }

    public List<InboxRow> notificationsOf(String orderId) {
        return jdbc.sql("SELECT id, event_type, status, outcome, copies, received_at, processed_at FROM notification_inbox"
                        + " WHERE order_id = :order ORDER BY id")
                .param("order", orderId)
                .query((rs, row) -> new InboxRow(rs.getLong("id"), rs.getString("event_type"), rs.getString("status"),
                        rs.getString("outcome"), rs.getInt("copies"), rs.getObject("received_at", OffsetDateTime.class),
                        rs.getObject("processed_at", OffsetDateTime.class)))
                .list();
    }

    /**
     * The order's story, oldest first: audit events, notifications received, fulfilment rows and deliveries, and the
     * {@code others} the caller adds (webhook deliveries).
     */
    public List<TimelineEntry> timeline(String orderId, List<TimelineEntry> others) {
        List<TimelineEntry> entries = new ArrayList<>(others);
        jdbc.sql("SELECT * FROM audit_events WHERE order_id = :order").param("order", orderId)
                .query(AuditLog::map).list()
                .forEach(e -> entries.add(new TimelineEntry(e.createdAt(), "event", e.action(), e.outcome().value(),
                        detail(e), e.actor())));
        jdbc.sql("SELECT id, event_type, status, outcome, copies, received_at FROM notification_inbox WHERE order_id = :order")
                .param("order", orderId)
                .query(rs -> {
                    entries.add(new TimelineEntry(rs.getObject("received_at", OffsetDateTime.class), "notification",
                            "notification #" + rs.getLong("id") + " " + rs.getString("event_type"),
                            rs.getString("status").toLowerCase(Locale.ROOT),
                            rs.getString("outcome") + (rs.getInt("copies") > 1 ? " (" + rs.getInt("copies") + " copies)" : ""),
                            null));
                });
        jdbc.sql("SELECT id, fulfilment_id, event, handler, delivered_at FROM fulfilment_deliveries WHERE order_id = :order")
                .param("order", orderId)
                .query(rs -> {
                    entries.add(new TimelineEntry(rs.getObject("delivered_at", OffsetDateTime.class), "fulfilment",
                            rs.getString("event") + " → " + rs.getString("handler"), "success",
                            "fulfilment #" + rs.getLong("fulfilment_id"), null));
                });
        for (FulfilmentRow row : fulfilmentsOf(orderId)) {
            entries.add(new TimelineEntry(row.createdAt(), "fulfilment", "fulfilment #" + row.id() + " " + row.event()
                    + (row.key().isEmpty() ? "" : " [" + row.key() + "]"), row.status().toLowerCase(Locale.ROOT),
                    row.attempts() + " attempt(s)" + (row.lastError() == null ? "" : ", last error: " + row.lastError()),
                    null));
        }
        entries.sort(Comparator.comparing(TimelineEntry::at, Comparator.nullsLast(Comparator.naturalOrder())));
        return entries;
    }

    private static String detail(AuditEvent e) {
        StringBuilder text = new StringBuilder();
        if (e.message() != null) {
            text.append(e.message());
        }
        if (e.helloassoReference() != null) {
            text.append(text.isEmpty() ? "" : " · ").append(e.helloassoReference());
        }
        if (e.httpStatus() != null) {
            text.append(" · HTTP ").append(e.httpStatus());
        }
        if (e.clientIp() != null) {
            text.append(" · ").append(e.clientIp());
        }
        return text.toString();
    }

    static String like(String text) {
        String escaped = text.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    static OffsetDateTime startOf(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    static boolean isOutcome(String value) {
        return java.util.Arrays.stream(Outcome.values()).anyMatch(o -> o.value().equals(value));
    }
}
