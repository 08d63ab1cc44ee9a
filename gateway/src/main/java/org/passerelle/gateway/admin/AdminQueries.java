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
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Repository;

/** What the console reads: filtered, paged listings and the dashboard's figures, straight from SQL. */
@Repository
public class AdminQueries {

    public static final int PAGE_SIZE = 50;
    /** Listings count their matches up to this many (200 pages of 50). */
    public static final int COUNT_LIMIT = 10_000;

    /**
     * The payer's e-mail, first and last names as the search reads them: spelled exactly as the trigram index of
     * migration V25_1 (PostgreSQL matches an expression index by its expression; IndexPlanPostgresTests checks it).
     */
    static final String PAYER_SEARCH = "LOWER(COALESCE(payer_email, '') || '\u001f' || COALESCE(payer_first_name, '')"
            + " || ' ' || COALESCE(payer_last_name, ''))";

    /**
     * One page of a listing, with what the pager needs. Listings count their matches up to {@link #COUNT_LIMIT} only
     * ({@code capped}: there are more), so that a view never counts a whole table of millions of rows; the filters
     * (dates, status) narrow what is beyond.
     */
    public record Paged<T>(List<T> items, long total, int page, int pageSize, boolean capped) {

        public Paged(List<T> items, long total, int page, int pageSize) {
            this(items, total, page, pageSize, false);
        }

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

    /**
     * One line of the order's timeline, whatever its source: {@code code} what was recorded (shown on hover), {@code
     * title} its words (null: the journal's words for the action {@code code}), {@code detail} in words too.
     */
    public record TimelineEntry(OffsetDateTime at, String kind, String code, String title, String outcome,
            String detail, String actor) {
    }

    /** A notification received about an order (the inbox row, without its body). */
    public record InboxRow(long id, String eventType, String status, String outcome, int copies,
            OffsetDateTime receivedAt, OffsetDateTime processedAt) {
    }

    /** A paid day of the chart. */
    public record DayAmount(LocalDate day, long cents) {
    }

    private static final int EXPORT_FETCH_SIZE = 500;

    private final JdbcClient jdbc;
    private final OrderRepository orders;
    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private volatile Boolean trigramSearch;
    private volatile Boolean postgres;

    @org.springframework.beans.factory.annotation.Autowired
    public AdminQueries(JdbcClient jdbc, OrderRepository orders, DataSource dataSource) {
        this(jdbc, orders, dataSource, null);
    }

    /** {@code trigramSearch}: null to look it up (tests set it to read the search without trigrams on PostgreSQL). */
    AdminQueries(JdbcClient jdbc, OrderRepository orders, DataSource dataSource, Boolean trigramSearch) {
        this.trigramSearch = trigramSearch;
        this.jdbc = jdbc;
        this.orders = orders;
        this.dataSource = dataSource;
        TransactionTemplate readOnly = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        readOnly.setReadOnly(true);
        this.transactions = readOnly;
    }

    private JdbcTemplate jdbcTemplate() {
        return new JdbcTemplate(dataSource);
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

    /** The organization of each of these orders (a page's worth), by order id. */
    public Map<String, String> organizationsOf(java.util.Collection<String> orderIds) {
        Map<String, String> organizations = new LinkedHashMap<>();
        List<String> ids = orderIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (!ids.isEmpty()) {
            jdbc.sql("SELECT id, organization_slug FROM orders WHERE id IN (:ids)").param("ids", ids)
                    .query(rs -> {
                        organizations.put(rs.getString("id"), rs.getString("organization_slug"));
                    });
        }
        return organizations;
    }

    /** Rows of these organizations only (null: every one, a user of every organization); {@code clause}: which rows. */
    private static Where within(Where where, java.util.Set<String> organizations, String clause) {
        if (organizations != null) {
            where.clauses.add(organizations.isEmpty() ? "1 = 0" : clause);
            where.params.putAll(within(organizations));
        }
        return where;
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

    private Where where(OrderFilter filter, ZoneId zone) {
        boolean contains = trigramSearch();
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
        if (filter.q() != null && !filter.q().replace("\u001f", "").isBlank() && contains) {
            // e-mail, first name, last name or "first last" contains q: one expression, one (trigram) index
            where.and(PAYER_SEARCH + " LIKE :q", "q", like(filter.q().replace("\u001f", "")));
        } else if (filter.q() != null && !filter.q().replace("\u001f", "").isBlank()) {
            // without trigrams: e-mail, "first last" or "last first" starts with q, each branch read from its index
            where.and("id IN (SELECT id FROM orders WHERE " + startsWith("search_email", "q")
                    + " UNION SELECT id FROM orders WHERE " + startsWith("search_name", "q")
                    + " UNION SELECT id FROM orders WHERE " + startsWith("search_name_reversed", "q") + ")",
                    "q", prefix(filter.q()));
            where.params.putAll(range("q", filter.q()));
        }
        if (filter.reference() != null && !filter.reference().isBlank()) {
            // each branch has its index: trigram on the reference, the primary key, HelloAsso's order and intent ids
            String exact = filter.reference().trim();
            Long number = exact.matches("\\d{1,18}") ? Long.valueOf(exact) : null;
            if (contains) {
                where.and("(LOWER(reference) LIKE :reference OR id = :exactId"
                        + (number == null ? "" : " OR helloasso_order_id = :exactNumber OR checkout_intent_id = :exactNumber")
                        + ")", "reference", like(filter.reference()));
            } else {
                // without trigrams the reference starts with what is typed; a union, so that H2 too reads indexes
                where.and("id IN (SELECT id FROM orders WHERE " + startsWith("search_reference", "reference")
                        + " UNION SELECT id FROM orders WHERE id = :exactId"
                        + (number == null ? "" : " UNION SELECT id FROM orders WHERE helloasso_order_id = :exactNumber"
                                + " UNION SELECT id FROM orders WHERE checkout_intent_id = :exactNumber")
                        + ")", "reference", prefix(filter.reference()));
                where.params.putAll(range("reference", filter.reference()));
            }
            where.params.put("exactId", exact);
            if (number != null) {
                where.params.put("exactNumber", number);
            }
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

    /**
     * One page of the matching orders, newest first, and how many match (up to {@link #COUNT_LIMIT}): one query,
     * which reads the matches' keys once (through the index of the filter or of created_at) and the page's rows.
     */
    public Paged<Order> orders(OrderFilter filter, ZoneId zone) {
        return orders(filter, zone, null);
    }

    /** The same, of these organizations only (null: every one). */
    public Paged<Order> orders(OrderFilter filter, ZoneId zone, java.util.Set<String> organizations) {
        Where where = within(where(filter, zone), organizations, OWN_ORGANIZATION);
        return paged(jdbc.sql("WITH matched AS (SELECT id, created_at FROM orders" + where.sql()
                        + " ORDER BY created_at DESC, id DESC LIMIT :cap)"
                        + " SELECT o.*, (SELECT COUNT(*) FROM matched) AS matched_total FROM orders o"
                        + " WHERE o.id IN (SELECT id FROM matched ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset)"
                        + " ORDER BY o.created_at DESC, o.id DESC")
                .params(where.params).param("cap", COUNT_LIMIT + 1).param("limit", PAGE_SIZE)
                .param("offset", offset(filter.pageNumber())),
                orders::map, () -> jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM orders" + where.sql()
                        + " LIMIT :cap) c").params(where.params).param("cap", COUNT_LIMIT + 1), filter.pageNumber());
    }

    /** What a listing's query gives: the page's rows, each with the (capped) number of matches. */
    private static <T> Paged<T> paged(JdbcClient.StatementSpec page, org.springframework.jdbc.core.RowMapper<T> mapper,
            java.util.function.Supplier<JdbcClient.StatementSpec> count, int pageNumber) {
        long[] total = {-1};
        List<T> items = page.query((rs, row) -> {
            total[0] = rs.getLong("matched_total");
            return mapper.mapRow(rs, row);
        }).list();
        if (total[0] < 0) {
            // a page beyond the matches has no row to carry the count: counted on its own (rare: an old link)
            total[0] = count.get().query(Long.class).single();
        }
        boolean capped = total[0] > COUNT_LIMIT;
        return new Paged<>(items, Math.min(total[0], COUNT_LIMIT), pageNumber, PAGE_SIZE, capped);
    }

    private static long offset(int pageNumber) {
        // beyond the counted matches there is nothing to show: the filters narrow the listing instead
        return Math.min((long) (pageNumber - 1) * PAGE_SIZE, COUNT_LIMIT + 1);
    }

    /**
     * Every order the filters match (no limit), newest first as on the console's screen, for the CSV export, handed to {@code row} one at a time
     * as the database sends them (a cursor of {@code fetchSize} rows): memory stays the same whatever the number.
     */
    public void export(OrderFilter filter, ZoneId zone, java.util.function.Consumer<Order> row) {
        export(filter, zone, null, row);
    }

    /** The same, of these organizations only (null: every one). */
    public void export(OrderFilter filter, ZoneId zone, java.util.Set<String> organizations,
            java.util.function.Consumer<Order> row) {
        Where where = within(where(filter, zone), organizations, OWN_ORGANIZATION);
        var template = new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(jdbcTemplate());
        template.getJdbcTemplate().setFetchSize(EXPORT_FETCH_SIZE);
        // PostgreSQL streams with a fetch size only inside a transaction (autocommit off)
        transactions.executeWithoutResult(status -> template.query(
                "SELECT * FROM orders" + where.sql() + " ORDER BY created_at DESC, id DESC", where.params,
                (java.sql.ResultSet rs) -> {
                    row.accept(orders.map(rs, 0));
                }));
    }

    public Paged<AuditEvent> events(EventFilter filter, ZoneId zone) {
        return events(filter, zone, null);
    }

    /**
     * The same, of these organizations only (null: every one): then only the events of their orders (an event of no
     * order — a login, a key created — belongs to the installation).
     */
    public Paged<AuditEvent> events(EventFilter filter, ZoneId zone, java.util.Set<String> organizations) {
        Where where = within(new Where(), organizations, ORDER_ORGANIZATION);
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
        return paged(jdbc.sql("WITH matched AS (SELECT id FROM audit_events" + where.sql()
                        + " ORDER BY id DESC LIMIT :cap)"
                        + " SELECT a.*, (SELECT COUNT(*) FROM matched) AS matched_total FROM audit_events a"
                        + " WHERE a.id IN (SELECT id FROM matched ORDER BY id DESC LIMIT :limit OFFSET :offset)"
                        + " ORDER BY a.id DESC")
                .params(where.params).param("cap", COUNT_LIMIT + 1).param("limit", PAGE_SIZE)
                .param("offset", offset(filter.pageNumber())),
                AuditLog::map, () -> jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM audit_events" + where.sql()
                        + " LIMIT :cap) c").params(where.params).param("cap", COUNT_LIMIT + 1), filter.pageNumber());
    }

    /** Orders created since {@code since}, by status (every status listed, zeros included). */
    public List<StatusFigures> byStatus(OffsetDateTime since) {
        return byStatus(List.of(since)).get(0);
    }

    /**
     * The same for several periods ending now, in one grouped query over the longest one (the dashboard's today, 7
     * and 30 days), read through the index on created_at: one pass over the last month's orders, whatever the size
     * of the table.
     */
    public List<List<StatusFigures>> byStatus(List<OffsetDateTime> starts) {
        return byStatus(starts, null);
    }

    /** The same, of the orders of these organizations only (null: every one). */
    public List<List<StatusFigures>> byStatus(List<OffsetDateTime> starts, java.util.Set<String> organizations) {
        List<Map<OrderStatus, StatusFigures>> periods = new ArrayList<>();
        StringBuilder columns = new StringBuilder();
        Map<String, Object> params = new LinkedHashMap<>();
        OffsetDateTime earliest = starts.get(0);
        for (int i = 0; i < starts.size(); i++) {
            Map<OrderStatus, StatusFigures> figures = new EnumMap<>(OrderStatus.class);
            for (OrderStatus status : OrderStatus.values()) {
                figures.put(status, new StatusFigures(status, 0, 0));
            }
            periods.add(figures);
            columns.append(", SUM(CASE WHEN created_at >= :since").append(i).append(" THEN 1 ELSE 0 END) AS n").append(i)
                    .append(", SUM(CASE WHEN created_at >= :since").append(i).append(" THEN amount ELSE 0 END) AS c")
                    .append(i);
            params.put("since" + i, starts.get(i));
            earliest = starts.get(i).isBefore(earliest) ? starts.get(i) : earliest;
        }
        jdbc.sql("SELECT status" + columns + " FROM orders WHERE created_at >= :earliest"
                        + andWithin(organizations, OWN_ORGANIZATION) + " GROUP BY status")
                .params(params).param("earliest", earliest).params(within(organizations))
                .query(rs -> {
                    OrderStatus status = OrderStatus.valueOf(rs.getString("status"));
                    for (int i = 0; i < periods.size(); i++) {
                        periods.get(i).put(status, new StatusFigures(status, rs.getLong("n" + i), rs.getLong("c" + i)));
                    }
                });
        return periods.stream().map(figures -> List.copyOf(figures.values())).toList();
    }

    /**
     * Orders of every association and status right now (metrics, cached by the caller), by association: every status of
     * an association that has orders, zeros included. Read from the index on (status, organization) (migration V28_3),
     * never the table: the statuses are named so that PostgreSQL reads the index by its condition ({@code Index Only
     * Scan}, deduplicated entries: a few MB for a million orders; IndexPlanPostgresTests).
     */
    public Map<String, Map<OrderStatus, Long>> countsByOrganizationAndStatus() {
        Map<String, Map<OrderStatus, Long>> counts = new java.util.TreeMap<>();
        jdbc.sql("SELECT status, organization_slug, COUNT(*) AS n FROM orders WHERE status IN (:statuses)"
                        + " GROUP BY status, organization_slug")
                .param("statuses", java.util.Arrays.stream(OrderStatus.values()).map(Enum::name).toList())
                .query(rs -> {
                    counts.computeIfAbsent(rs.getString("organization_slug"), slug -> {
                        Map<OrderStatus, Long> zeros = new EnumMap<>(OrderStatus.class);
                        for (OrderStatus status : OrderStatus.values()) {
                            zeros.put(status, 0L);
                        }
                        return zeros;
                    }).put(OrderStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                });
        return counts;
    }

    public long pendingCount() {
        return pendingCount(null);
    }

    public long pendingCount(java.util.Set<String> organizations) {
        return jdbc.sql("SELECT COUNT(*) FROM orders WHERE status = 'PENDING'"
                + andWithin(organizations, OWN_ORGANIZATION)).params(within(organizations))
                .query(Long.class).single();
    }

    public Optional<Order> oldestPending() {
        return oldestPending(null);
    }

    public Optional<Order> oldestPending(java.util.Set<String> organizations) {
        return jdbc.sql("SELECT * FROM orders WHERE status = 'PENDING'" + andWithin(organizations, OWN_ORGANIZATION)
                        + " ORDER BY created_at, id LIMIT 1")
                .params(within(organizations)).query(orders::map).optional();
    }

    /** Amounts paid per day (by {@code paid_at}, in the console's zone), every day of the range present. */
    public List<DayAmount> paidPerDay(LocalDate first, LocalDate last, ZoneId zone) {
        return paidPerDay(first, last, zone, null);
    }

    /** The same, of the orders of these organizations only (null: every one). */
    public List<DayAmount> paidPerDay(LocalDate first, LocalDate last, ZoneId zone,
            java.util.Set<String> organizations) {
        Map<LocalDate, Long> days = new LinkedHashMap<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.put(day, 0L);
        }
        jdbc.sql("SELECT paid_at, amount FROM orders WHERE paid_at >= :from AND paid_at < :to"
                        + andWithin(organizations, OWN_ORGANIZATION))
                .param("from", startOf(first, zone)).param("to", startOf(last.plusDays(1), zone))
                .params(within(organizations))
                .query(rs -> {
                    LocalDate day = rs.getObject("paid_at", OffsetDateTime.class).atZoneSameInstant(zone).toLocalDate();
                    long cents = rs.getLong("amount");
                    days.computeIfPresent(day, (d, sum) -> sum + cents);
                });
        return days.entrySet().stream().map(e -> new DayAmount(e.getKey(), e.getValue())).toList();
    }

    public List<AuditEvent> fraudSignals(OffsetDateTime since, int limit) {
        return fraudSignals(since, limit, null);
    }

    /** The same, about the orders of these organizations only (null: every one, and events of no order). */
    public List<AuditEvent> fraudSignals(OffsetDateTime since, int limit, java.util.Set<String> organizations) {
        return jdbc.sql("SELECT * FROM audit_events WHERE outcome = 'fraud_detected' AND created_at >= :since"
                        + andWithin(organizations, ORDER_ORGANIZATION) + " ORDER BY id DESC LIMIT :limit")
                .param("since", since).param("limit", limit).params(within(organizations))
                .query(AuditLog::map).list();
    }

    public long fraudCount(OffsetDateTime since) {
        return fraudCount(since, null);
    }

    public long fraudCount(OffsetDateTime since, java.util.Set<String> organizations) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE outcome = 'fraud_detected' AND created_at >= :since"
                        + andWithin(organizations, ORDER_ORGANIZATION))
                .param("since", since).params(within(organizations)).query(Long.class).single();
    }

    /** An order of the organizations. */
    private static final String OWN_ORGANIZATION = "organization_slug IN (:organizations)";
    /** A row (an audit event) about an order of the organizations. */
    private static final String ORDER_ORGANIZATION = "order_id IN (SELECT id FROM orders WHERE " + OWN_ORGANIZATION + ")";

    /** " AND clause" for a user of some organizations, "" for every one (null). */
    private static String andWithin(java.util.Set<String> organizations, String clause) {
        return organizations == null ? "" : " AND " + (organizations.isEmpty() ? "1 = 0" : clause);
    }

    private static Map<String, Object> within(java.util.Set<String> organizations) {
        return organizations == null || organizations.isEmpty() ? Map.of()
                : Map.of("organizations", List.copyOf(organizations));
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
     * {@code others} the caller adds (webhook deliveries), said with {@code words}.
     */
    List<TimelineEntry> timeline(String orderId, List<TimelineEntry> others, TimelineWords words) {
        List<TimelineEntry> entries = new ArrayList<>(others);
        jdbc.sql("SELECT * FROM audit_events WHERE order_id = :order").param("order", orderId)
                .query(AuditLog::map).list()
                .forEach(e -> entries.add(new TimelineEntry(e.createdAt(), "event", e.action(), null,
                        e.outcome().value(), detail(e), e.actor())));
        jdbc.sql("SELECT id, event_type, status, outcome, copies, received_at FROM notification_inbox WHERE order_id = :order")
                .param("order", orderId)
                .query(rs -> {
                    String type = rs.getString("event_type");
                    entries.add(new TimelineEntry(rs.getObject("received_at", OffsetDateTime.class), "notification",
                            type, words.of("admin.timeline.notification", String.valueOf(rs.getLong("id")),
                                    words.notificationType(type)),
                            rs.getString("status").toLowerCase(Locale.ROOT),
                            words.notificationOutcome(rs.getString("outcome"), rs.getInt("copies")), null));
                });
        jdbc.sql("SELECT id, fulfilment_id, event, handler, delivered_at FROM fulfilment_deliveries WHERE order_id = :order")
                .param("order", orderId)
                .query(rs -> {
                    String event = rs.getString("event");
                    String handler = rs.getString("handler");
                    entries.add(new TimelineEntry(rs.getObject("delivered_at", OffsetDateTime.class), "fulfilment",
                            event + " → " + handler,
                            words.of("admin.timeline.delivered", words.event(event), words.handler(handler)), "success",
                            words.of("admin.timeline.fulfilment", String.valueOf(rs.getLong("fulfilment_id"))), null));
                });
        for (FulfilmentRow row : fulfilmentsOf(orderId)) {
            entries.add(new TimelineEntry(row.createdAt(), "fulfilment", row.event()
                    + (row.key().isEmpty() ? "" : " [" + row.key() + "]"),
                    words.of("admin.timeline.fulfilmentOf", String.valueOf(row.id()), words.event(row.event()))
                            + (row.key().isEmpty() ? "" : " [" + row.key() + "]"),
                    row.status().toLowerCase(Locale.ROOT), words.attempts(row.attempts(), null, row.lastError()),
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
        return "%" + prefix(text);
    }

    /** A LIKE pattern matching what starts with {@code text} (trimmed, lower-cased, its wildcards escaped). */
    static String prefix(String text) {
        String escaped = text.replace("\u001f", "").trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                .replace("%", "\\%").replace("_", "\\_");
        return escaped + "%";
    }

    /**
     * {@code column} starts with the pattern {@code :param}, also written as the range of the index it reads
     * ({@code :paramFrom} to {@code :paramTo}, {@link #range}): a LIKE becomes an index range only when the database
     * knows the pattern while planning, which H2 does not inside the listing's WITH and PostgreSQL does not in a
     * generic plan of a prepared statement (reused after a few runs); a range of bound parameters is read from the
     * index always. On PostgreSQL the range compares characters as its index on the column does
     * ({@code varchar_pattern_ops}: {@code ~>=~}, {@code ~<~}), whatever the database's collation.
     */
    private String startsWith(String column, String param) {
        return postgres()
                ? column + " LIKE :" + param + " AND " + column + " ~>=~ :" + param + "From AND " + column + " ~<~ :"
                        + param + "To"
                : column + " LIKE :" + param + " AND " + column + " >= :" + param + "From AND " + column + " < :"
                        + param + "To";
    }

    /**
     * The bounds of {@link #startsWith}: what is typed, trimmed and lower-cased, and the same followed by the highest
     * character (by UTF-8 bytes on PostgreSQL, by UTF-16 units on H2).
     */
    private Map<String, Object> range(String param, String typed) {
        String from = typed.replace("\u001f", "").trim().toLowerCase(Locale.ROOT);
        return Map.of(param + "From", from, param + "To", from + (postgres() ? "\uDBFF\uDFFF" : "\uFFFF"));
    }

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = jdbcTemplate().execute((java.sql.Connection c) ->
                    c.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL"));
            postgres = known;
        }
        return known;
    }

    /**
     * Whether the search may match inside the text ("contains"): on PostgreSQL with the trigram indexes of migration
     * V25_1 only; elsewhere it matches the start of the e-mail, of "first last", of "last first" and of the reference
     * (indexes of migration V26_2), so that it never reads the whole table. Looked up once.
     */
    boolean trigramSearch() {
        Boolean known = trigramSearch;
        if (known == null) {
            known = postgres()
                    && jdbc.sql("SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()"
                            + " AND indexname = 'orders_payer_search_idx'").query(Long.class).single() > 0;
            trigramSearch = known;
        }
        return known;
    }

    static OffsetDateTime startOf(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    static boolean isOutcome(String value) {
        return java.util.Arrays.stream(Outcome.values()).anyMatch(o -> o.value().equals(value));
    }
}
