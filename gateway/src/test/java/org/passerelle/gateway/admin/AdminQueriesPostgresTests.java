package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.Outcome;
import org.passerelle.gateway.order.AccessTokens;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's SQL on a real PostgreSQL (the Spring tests run it on H2), when {@code PASSERELLE_TEST_POSTGRES_URL}
 * is set: filters, paging, figures by status, the chart and the timeline, in a schema of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminQueriesPostgresTests {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 23, 18, 0, 0, 0, ZoneOffset.UTC);

    private final String schema = TestDatabases.newSchema("admin_test");
    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private OrderRepository orders;
    private AdminQueries queries;

    @BeforeAll
    void migrate() {
        TestDatabases.requirePostgres("PostgreSQL admin query tests");
        dataSource = TestDatabases.postgres(schema);
        jdbc = JdbcClient.create(dataSource);
        orders = new OrderRepository(jdbc, event -> { });
        queries = new AdminQueries(jdbc, orders, dataSource);
    }

    @AfterAll
    void drop() {
        if (dataSource != null) {
            jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
            dataSource.close();
        }
    }

    private Order order(String first, String last, String email, int amount, String reference, OffsetDateTime at) {
        return orders.insert(new NewOrder("offer", "Adhésion", amount, false,
                new Order.Payer(first, last, email, "FRA", null), reference, null, "demo"),
                AccessTokens.hash(AccessTokens.generate()), at);
    }

    @Test
    void filtersPagingFiguresChartAndTimelineRunOnPostgres() {
        Order marie = order("Marie", "Curie", "marie@example.org", 2500, "REF_100%", NOW);
        Order pierre = order("Pierre", "Curie", "pierre@example.org", 900, "ref-2", NOW.minusDays(3));
        orders.markPending(marie.id(), 77, NOW);
        orders.markPaid(marie.id(), 77, 9001, 9002L, "https://receipt", NOW);
        jdbc.sql("INSERT INTO audit_events (order_id, action, outcome, actor, created_at) VALUES (:o, 'admin.check', 'success', 'tresoriere', :t)")
                .param("o", marie.id()).param("t", NOW).update();
        jdbc.sql("INSERT INTO audit_events (order_id, action, outcome, created_at) VALUES (:o, 'fraud.amount_mismatch', 'fraud_detected', :t)")
                .param("o", pierre.id()).param("t", NOW).update();

        assertThat(queries.orders(new OrderFilter(null, null, null, "marie curie", null, null, null, null, null), PARIS).items())
                .extracting(Order::id).containsExactly(marie.id());
        assertThat(queries.orders(new OrderFilter(null, null, null, "CURIE", null, "9", "10", null, null), PARIS).items())
                .extracting(Order::id).containsExactly(pierre.id());
        assertThat(queries.orders(new OrderFilter("PAID", LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 23),
                null, "_100%", null, null, null, null), PARIS).total()).isEqualTo(1);
        assertThat(queries.orders(new OrderFilter(null, null, null, null, "9001", null, null, null, null), PARIS).items())
                .extracting(Order::id).containsExactly(marie.id());
        assertThat(queries.orders(new OrderFilter(null, null, null, null, "ref", null, null, 2, null), PARIS).items()).isEmpty();
        java.util.List<Order> exported = new java.util.ArrayList<>();
        queries.export(new OrderFilter(null, null, null, "curie", null, null, null, null, null), PARIS, exported::add);
        assertThat(exported).as("newest first, as on the screen").extracting(Order::id).containsExactly(marie.id(), pierre.id());

        assertThat(queries.byStatus(NOW.minusDays(1))).filteredOn(f -> f.status() == OrderStatus.PAID).singleElement()
                .satisfies(f -> assertThat(f.cents()).isEqualTo(2500));
        assertThat(queries.paidPerDay(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 23), PARIS))
                .extracting(AdminQueries.DayAmount::cents).containsExactly(0L, 0L, 0L, 2500L);
        assertThat(queries.events(new EventFilter("fraud", null, null, null, null, null), PARIS).items())
                .extracting(AuditEvent::action).containsExactly("fraud.amount_mismatch");
        assertThat(queries.events(new EventFilter(null, "success", "admin.", null, null, null), PARIS).items())
                .singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("tresoriere");
                    assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
                });
        assertThat(queries.timeline(marie.id(), java.util.List.of(), TimelineWordsTest.codes()))
                .extracting(AdminQueries.TimelineEntry::code).contains("admin.check");
        var counts = queries.countsByOrganizationAndStatus();
        assertThat(counts).hasSize(1);
        assertThat(counts.values().iterator().next()).containsEntry(OrderStatus.PAID, 1L)
                .containsEntry(OrderStatus.CREATED, 1L).containsEntry(OrderStatus.REFUNDED, 0L);
        assertThat(queries.oldestPending()).isEmpty();
    }
}
