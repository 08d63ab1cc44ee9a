package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.passerelle.gateway.audit.AuditRetention;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.ScaleData;
import org.passerelle.gateway.support.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 22: no console or API listing, search or dashboard query reads a whole table of orders or audit events. On
 * PostgreSQL (skipped without {@code PASSERELLE_TEST_POSTGRES_URL}), with a few thousand orders and ANALYZE, each
 * query the console and the API run is EXPLAINed as it is sent (the real code runs through a data source that
 * explains every statement with its parameters first), sequential scans discouraged ({@code enable_seqscan = off}, so
 * that the planner takes an index whenever one can serve, as it does on a large table). A whole-table read is then a
 * {@code Seq Scan} on one of the big tables (no index serves the query), or an index read from end to end: no index
 * condition, and not stopped early by a LIMIT (or stopped by one only after filtering every row it reads).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexPlanPostgresTests {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final int ORDERS = AdminQueries.COUNT_LIMIT + 2_000;
    /** The tables that grow with the orders, seeded here (the planner reads an empty table any way it likes). */
    private static final List<String> BIG_TABLES = List.of("orders", "audit_events", "fulfilments",
            "fulfilment_deliveries", "webhook_deliveries", "notification_inbox");

    /** One statement as sent, with its plan. */
    record Explained(String sql, JsonNode plan) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String schema = TestDatabases.newSchema("plan_test");
    private final List<Explained> explained = new CopyOnWriteArrayList<>();
    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private AdminQueries queries;
    private OrderRepository orders;
    private String paidOrder;
    private String email;
    private String lastName;

    @BeforeAll
    void seed() {
        TestDatabases.requirePostgres("index/plan test");
        dataSource = TestDatabases.postgres(schema);
        JdbcClient plain = JdbcClient.create(dataSource);
        // a few thousand orders more than a listing counts (AdminQueries.COUNT_LIMIT): reading them all is never the plan
        ScaleData.seed(plain, ORDERS, "plan-test-hash");
        plain.sql("ANALYZE").update();
        paidOrder = plain.sql("SELECT id FROM orders WHERE status = 'PAID' ORDER BY created_at DESC LIMIT 1")
                .query(String.class).single();
        email = plain.sql("SELECT payer_email FROM orders WHERE reference = 'ref-6000'").query(String.class).single();
        lastName = plain.sql("SELECT payer_last_name FROM orders WHERE reference = 'ref-3000'").query(String.class).single();
        DataSource explaining = new ExplainingDataSource(dataSource, explained);
        jdbc = JdbcClient.create(explaining);
        orders = new OrderRepository(jdbc, event -> { });
        queries = new AdminQueries(jdbc, orders, explaining);
    }

    @AfterAll
    void drop() {
        if (dataSource != null) {
            JdbcClient.create(dataSource).sql("DROP SCHEMA " + schema + " CASCADE").update();
            dataSource.close();
        }
    }

    @BeforeEach
    void forget() {
        explained.clear();
    }

    @Test
    void theOrdersListAndItsSearchesReadIndexes() {
        assertThat(queries.orders(filter(null, null, null, null), PARIS).items()).hasSize(AdminQueries.PAGE_SIZE);
        assertThat(queries.orders(filter(null, email, null, null), PARIS).items()).isNotEmpty();
        assertThat(queries.orders(filter(null, email.substring(0, 8), null, null), PARIS).items()).isNotEmpty();
        assertThat(queries.orders(filter(null, lastName.toUpperCase(), null, null), PARIS).items()).isNotEmpty();
        assertThat(queries.orders(filter(null, null, "ref-12", null), PARIS).items()).isNotEmpty();
        assertThat(queries.orders(filter(null, null, "2000042", null), PARIS).items()).hasSize(1);
        assertThat(queries.orders(filter(null, null, paidOrder, null), PARIS).items()).hasSize(1);
        assertThat(queries.orders(filter("PAID", null, null, LocalDate.now(PARIS).minusDays(30)), PARIS).items())
                .isNotEmpty();
        assertThat(queries.orders(new OrderFilter(null, null, null, null, null, null, null, 3, null), PARIS).items())
                .hasSize(AdminQueries.PAGE_SIZE);
        noWholeTableRead();
    }

    @Test
    void aListingCountsUpToTenThousandMatchesAndPagesThatFar() {
        AdminQueries.Paged<?> first = queries.orders(filter(null, null, null, null), PARIS);
        assertThat(first.capped()).isTrue();
        assertThat(first.total()).isEqualTo(AdminQueries.COUNT_LIMIT);
        assertThat(first.pages()).isEqualTo(200);
        AdminQueries.Paged<?> last = queries.orders(new OrderFilter(null, null, null, null, null, null, null, 200, null), PARIS);
        assertThat(last.items()).hasSize(AdminQueries.PAGE_SIZE);
        assertThat(last.hasNext()).isFalse();
        AdminQueries.Paged<?> beyond = queries.orders(new OrderFilter(null, null, null, null, null, null, null, 500, null), PARIS);
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.capped()).as("counted on its own").isTrue();
        AdminQueries.Paged<?> paid = queries.orders(filter("PAID", null, null, LocalDate.now(PARIS).minusDays(30)), PARIS);
        assertThat(paid.capped()).isFalse();
        assertThat(paid.total()).isEqualTo(JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM orders WHERE status = 'PAID'"
                + " AND created_at >= :from").param("from", AdminQueries.startOf(LocalDate.now(PARIS).minusDays(30), PARIS))
                .query(Long.class).single());
        assertThat(queries.events(new EventFilter(null, null, null, null, null, null), PARIS).capped()).isTrue();
    }

    @Test
    void theCsvExportHandsEveryOrderOverOneAtATimeNewestFirstAsTheScreen() {
        List<org.passerelle.gateway.order.Order> exported = new ArrayList<>();
        queries.export(filter(null, null, null, null), PARIS, exported::add);
        assertThat(exported).hasSize(ORDERS);
        assertThat(exported.get(0).reference()).isEqualTo("ref-" + ORDERS);
        assertThat(exported.get(ORDERS - 1).reference()).isEqualTo("ref-1");
    }

    @Test
    void theEventsListReadsIndexes() {
        assertThat(queries.events(new EventFilter(null, null, null, null, null, null), PARIS).items()).isNotEmpty();
        queries.events(new EventFilter("errors", null, null, null, null, null), PARIS);
        queries.events(new EventFilter("fraud", null, null, null, null, null), PARIS);
        queries.events(new EventFilter(null, "error", null, LocalDate.now(PARIS).minusDays(7), null, 2), PARIS);
        noWholeTableRead();
    }

    @Test
    void theDashboardReadsIndexes() {
        OffsetDateTime now = OffsetDateTime.now();
        assertThat(queries.byStatus(List.of(now.minusDays(1), now.minusDays(7), now.minusDays(30))).get(2))
                .anySatisfy(f -> assertThat(f.count()).isPositive());
        assertThat(queries.paidPerDay(LocalDate.now(PARIS).minusDays(29), LocalDate.now(PARIS), PARIS))
                .anySatisfy(d -> assertThat(d.cents()).isPositive());
        queries.pendingCount();
        queries.oldestPending();
        queries.fraudCount(now.minusDays(30));
        queries.fraudSignals(now.minusDays(30), 10);
        // GoingLive's "last paid order", as the dashboard asks it
        jdbc.sql("SELECT id, amount, paid_at FROM orders WHERE paid_at IS NOT NULL ORDER BY paid_at DESC"
                + " FETCH FIRST 1 ROWS ONLY").query((rs, row) -> rs.getString("id")).optional();
        noWholeTableRead();
    }

    @Test
    void anOrdersPageReadsIndexes() {
        assertThat(orders.find(paidOrder)).isPresent();
        assertThat(queries.timeline(paidOrder, List.of(), TimelineWordsTest.codes())).hasSizeGreaterThanOrEqualTo(5);
        queries.fulfilmentsOf(paidOrder);
        queries.notificationsOf(paidOrder);
        noWholeTableRead();
    }

    @Test
    void theApiListReadsIndexes() {
        var all = new OrderRepository.Search(ScaleData.API_KEY_ID, null, null, null, null);
        assertThat(orders.search(all, 0, 50)).hasSize(50);
        assertThat(orders.count(all, ORDERS + 1)).isEqualTo(ORDERS);
        assertThat(orders.count(all, 100)).as("counts no further than asked").isEqualTo(100);
        var paid = new OrderRepository.Search(ScaleData.API_KEY_ID, null, OrderStatus.PAID,
                OffsetDateTime.now().minusDays(60), OffsetDateTime.now());
        assertThat(orders.search(paid, 0, 50)).isNotEmpty();
        assertThat(orders.findByReference(ScaleData.API_KEY_ID, "ref-7")).isPresent();
        noWholeTableRead();
    }

    @Test
    void theApiCursorPagesReadOneRangeOfTheKeysIndex() {
        var all = new OrderRepository.Search(ScaleData.API_KEY_ID, null, null, null, null);
        List<org.passerelle.gateway.order.Order> first = orders.searchAfter(all, null, 51);
        assertThat(first).hasSize(51);
        List<org.passerelle.gateway.order.Order> deep = orders.searchAfter(all, first.get(50), 51);
        assertThat(deep).hasSize(51);
        assertThat(deep.get(0).createdAt()).isBefore(first.get(50).createdAt());
        var paid = new OrderRepository.Search(ScaleData.API_KEY_ID, null, OrderStatus.PAID,
                OffsetDateTime.now().minusDays(60), OffsetDateTime.now());
        assertThat(orders.searchAfter(paid, first.get(50), 21)).isNotEmpty();
        noWholeTableRead();
        assertThat(explained.get(1).plan().toString()).as("the cursor is the index's range, no row filtered out")
                .contains("orders_api_key_created_id_idx").doesNotContain("\"Filter\"").doesNotContain("\"Sort\"");
    }

    @Test
    void theMetricsCountOrdersByOrganizationAndStatusFromTheirIndexAlone() {
        // as autovacuum leaves a table: its visibility map says which pages an index-only scan need not read
        JdbcClient.create(dataSource).sql("VACUUM orders").update();
        var counts = queries.countsByOrganizationAndStatus();
        assertThat(counts.values().stream().flatMap(c -> c.values().stream()).mapToLong(Long::longValue).sum())
                .isEqualTo(ORDERS);
        noWholeTableRead();
        assertThat(explained).singleElement().satisfies(statement -> assertThat(statement.plan().toString())
                .as("counted from the index on status and organization, the table not read")
                .contains("\"Index Only Scan\"").contains("orders_status_organization_idx").doesNotContain("\"Seq Scan\""));
    }

    @Test
    void withoutTrigramsTheSearchMatchesTheStartOfEachFieldThroughItsIndex() {
        // generic plans, as PostgreSQL may choose for a statement prepared and run again and again: the pattern is
        // not known while planning, the index range must come from bound parameters
        DataSource generic = new ExplainingDataSource(dataSource, explained, "plan_cache_mode = force_generic_plan");
        AdminQueries prefixOnly = new AdminQueries(JdbcClient.create(generic), orders, generic, false);
        String first = JdbcClient.create(dataSource).sql("SELECT payer_first_name FROM orders WHERE reference = 'ref-3000'")
                .query(String.class).single();
        assertThat(prefixOnly.orders(filter(null, email.toUpperCase(), null, null), PARIS).items())
                .extracting(o -> o.payer().email()).contains(email);
        assertThat(prefixOnly.orders(filter(null, email.substring(0, 8), null, null), PARIS).items()).isNotEmpty();
        assertThat(prefixOnly.orders(filter(null, first + " " + lastName, null, null), PARIS).items())
                .extracting(o -> o.reference()).contains("ref-3000");
        assertThat(prefixOnly.orders(filter(null, lastName.toUpperCase(), null, null), PARIS).items())
                .extracting(o -> o.reference()).contains("ref-3000");
        assertThat(prefixOnly.orders(filter(null, null, "REF-1200", null), PARIS).items())
                .extracting(o -> o.reference()).contains("ref-1200", "ref-12000");
        assertThat(prefixOnly.orders(filter(null, null, "2000042", null), PARIS).items()).hasSize(1);
        assertThat(prefixOnly.orders(filter(null, null, paidOrder, null), PARIS).items()).hasSize(1);
        assertThat(prefixOnly.orders(filter(null, "@gmail.com", null, null), PARIS).items())
                .as("not a prefix of any field: no match without trigrams").isEmpty();
        noWholeTableRead();
    }

    @Test
    void theAuditPurgeReadsTheIndexOnCreationTime() {
        JdbcClient plain = JdbcClient.create(dataSource);
        OffsetDateTime before = OffsetDateTime.now().minusDays(700);
        String routine = "SELECT COUNT(*) FROM audit_events WHERE created_at < :before AND action IN ('order.created',"
                + " 'checkout.created', 'checkout.return')";
        long old = plain.sql(routine).param("before", before).query(Long.class).single();
        long kept = plain.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'payment.verified'").query(Long.class).single();
        assertThat(old).isPositive();

        assertThat(new AuditRetention(jdbc).purgeRoutineBefore(before)).isGreaterThanOrEqualTo((int) old);
        assertThat(plain.sql(routine).param("before", before).query(Long.class).single()).isZero();
        assertThat(plain.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'payment.verified'").query(Long.class)
                .single()).isEqualTo(kept);
        noWholeTableRead();
    }

    @Test
    void theWebhookDeliveriesPurgeReadsTheIndexOnDeliveryTime() {
        JdbcClient plain = JdbcClient.create(dataSource);
        OffsetDateTime before = OffsetDateTime.now().minusDays(700);
        String old = "SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_at < :before";
        assertThat(plain.sql(old).param("before", before).query(Long.class).single()).isPositive();
        long total = plain.sql("SELECT COUNT(*) FROM webhook_deliveries").query(Long.class).single();

        int purged = new org.passerelle.gateway.retention.WebhookDeliveryRetention(jdbc).purgeDeliveredBefore(before);

        assertThat(purged).isPositive();
        assertThat(plain.sql(old).param("before", before).query(Long.class).single()).isZero();
        assertThat(plain.sql("SELECT COUNT(*) FROM webhook_deliveries").query(Long.class).single())
                .isEqualTo(total - purged);
        noWholeTableRead();
    }

    @Test
    void theDailyFillOfMissingSearchColumnsReadsTheIndexOnSearchName() {
        assertThat(orders.fillMissingSearchColumns()).isZero();
        noWholeTableRead();
    }

    @Test
    void theTestCatchesAQueryThatReadsTheWholeTable() {
        jdbc.sql("SELECT COUNT(*) FROM orders WHERE LOWER(item_name) LIKE '%adh%'").query(Long.class).single();
        assertThat(wholeTableReads()).as("a query no index serves is seen").hasSize(1);
    }

    private static OrderFilter filter(String status, String q, String reference, LocalDate from) {
        return new OrderFilter(status, from, null, q, reference, null, null, null, null);
    }

    private List<String> wholeTableReads() {
        return explained.stream().filter(statement -> !wholeReads(statement.plan(), false).isEmpty())
                .map(statement -> wholeReads(statement.plan(), false) + " in " + statement.sql() + "\n" + statement.plan())
                .toList();
    }

    /** The plan's nodes that read one of the big tables whole ({@code limited}: a Limit node above stops early). */
    static List<String> wholeReads(JsonNode node, boolean limited) {
        List<String> found = new ArrayList<>();
        String type = node.path("Node Type").asString("");
        String table = node.path("Relation Name").asString("");
        if (BIG_TABLES.contains(table)) {
            boolean indexRead = type.equals("Index Scan") || type.equals("Index Only Scan");
            if (type.equals("Seq Scan")) {
                found.add(type + " on " + table);
            } else if (indexRead && !node.has("Index Cond") && (!limited || node.has("Filter"))) {
                found.add(type + " on " + table + " using " + node.path("Index Name").asString("") + ", end to end");
            }
        }
        boolean below = limited || type.equals("Limit");
        for (JsonNode child : node.path("Plans")) {
            found.addAll(wholeReads(child, below));
        }
        return found;
    }

    private void noWholeTableRead() {
        assertThat(explained).as("statements explained").isNotEmpty();
        assertThat(wholeTableReads()).as("statements reading a whole table").isEmpty();
    }

    @Test
    void aListingStoppedEarlyByItsLimitIsNoWholeRead() throws Exception {
        JsonNode limited = JSON.readTree("""
                {"Node Type": "Limit", "Plans": [{"Node Type": "Index Only Scan", "Relation Name": "orders",
                 "Index Name": "orders_created_id_idx"}]}""");
        JsonNode filtered = JSON.readTree("""
                {"Node Type": "Limit", "Plans": [{"Node Type": "Index Scan", "Relation Name": "audit_events",
                 "Index Name": "audit_events_pkey", "Filter": "(outcome = 'error')"}]}""");
        JsonNode whole = JSON.readTree("""
                {"Node Type": "Aggregate", "Plans": [{"Node Type": "Index Only Scan", "Relation Name": "orders",
                 "Index Name": "orders_status_created_idx"}]}""");
        assertThat(wholeReads(limited, false)).isEmpty();
        assertThat(wholeReads(filtered, false)).hasSize(1);
        assertThat(wholeReads(whole, false)).hasSize(1);
    }

    /**
     * Hands out connections whose prepared statements EXPLAIN themselves (same SQL, same parameters, same
     * connection) before they run.
     */
    static final class ExplainingDataSource extends DelegatingDataSource {

        private final List<Explained> explained;
        private final String setting;

        ExplainingDataSource(DataSource target, List<Explained> explained) {
            this(target, explained, null);
        }

        /** {@code setting}: one more SET for the connections (e.g. generic plans, as a statement reused gets). */
        ExplainingDataSource(DataSource target, List<Explained> explained, String setting) {
            super(target);
            this.explained = explained;
            this.setting = setting;
        }

        @Override
        public Connection getConnection() throws java.sql.SQLException {
            Connection connection = super.getConnection();
            try (var sql = connection.createStatement()) {
                sql.execute("SET enable_seqscan = off");
                sql.execute(setting == null ? "RESET plan_cache_mode" : "SET " + setting);
            }
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        Object result = invoke(connection, method, args);
                        if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                            return statement(connection, (PreparedStatement) result, sql);
                        }
                        return result;
                    });
        }

        private Object statement(Connection connection, PreparedStatement target, String sql) {
            List<Object[]> settings = new ArrayList<>();
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                    (proxy, method, args) -> {
                        if (method.getName().startsWith("set") && args != null && args.length >= 2
                                && args[0] instanceof Integer) {
                            settings.add(new Object[] {method, args});
                        }
                        if (method.getName().startsWith("execute") && (args == null || args.length == 0)) {
                            explain(connection, sql, settings);
                        }
                        return invoke(target, method, args);
                    });
        }

        private void explain(Connection connection, String sql, List<Object[]> settings) throws Throwable {
            if (setting != null && setting.contains("force_generic_plan")) {
                explainGeneric(connection, sql, settings);
                return;
            }
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + sql)) {
                for (Object[] setting : settings) {
                    invoke(explain, (Method) setting[0], (Object[]) setting[1]);
                }
                try (ResultSet rs = explain.executeQuery()) {
                    rs.next();
                    explained.add(new Explained(sql, JSON.readTree(rs.getString(1)).get(0).get("Plan")));
                }
            }
        }

        /**
         * The plan PostgreSQL makes of the statement without knowing its parameters (a generic plan, which it may
         * reuse for a statement run again and again): an EXPLAIN with bound parameters plans with their values, so
         * the statement is PREPAREd ({@code ?} numbered) and EXPLAIN EXECUTEd with the values as literals.
         */
        private void explainGeneric(Connection connection, String sql, List<Object[]> settings) throws Throwable {
            StringBuilder numbered = new StringBuilder();
            int n = 0;
            for (char c : sql.toCharArray()) {
                numbered.append(c == '?' ? "$" + (++n) : String.valueOf(c));
            }
            List<String> literals = new ArrayList<>();
            for (Object[] setting : settings) {
                Object value = ((Object[]) setting[1])[1];
                literals.add(value == null || ((Method) setting[0]).getName().equals("setNull") ? "NULL"
                        : value instanceof Number ? value.toString() : "'" + value.toString().replace("'", "''") + "'");
            }
            try (var statement = connection.createStatement()) {
                statement.execute("PREPARE explained_generic AS " + numbered);
                try (ResultSet rs = statement.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE explained_generic("
                        + String.join(", ", literals) + ")")) {
                    rs.next();
                    explained.add(new Explained(sql, JSON.readTree(rs.getString(1)).get(0).get("Plan")));
                } finally {
                    statement.execute("DEALLOCATE explained_generic");
                }
            }
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

}
