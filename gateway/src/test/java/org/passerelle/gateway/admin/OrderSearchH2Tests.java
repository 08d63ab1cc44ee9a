package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Issue 22 on H2, the embedded default (no trigrams): the console's search by e-mail, name or reference matches the
 * start of each field, whatever its case, through the indexes of migration V26_2 — H2's plan of every statement the
 * search sends reads no table whole ({@code tableScan}). The migration fills the orders that were there before it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderSearchH2Tests {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private final List<String> plans = new CopyOnWriteArrayList<>();
    private HikariDataSource dataSource;
    private AdminQueries queries;
    private JdbcClient plain;

    @BeforeAll
    void seed() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:mem:search-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        // orders stored before migration V26_2, then the migration: it fills their search columns
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("25.1").load().migrate();
        plain = JdbcClient.create(dataSource);
        for (int i = 0; i < 300; i++) {
            plain.sql("""
                    INSERT INTO orders (id, status, item_name, amount, initial_amount, contains_donation,
                        payer_first_name, payer_last_name, payer_email, reference, organization_slug,
                        access_token_hash, created_at, updated_at, instalments)
                    VALUES (:id, 'CREATED', 'Adhésion', 1000, 1000, FALSE, :first, :last, :email, :reference, 'demo',
                        'hash', :at, :at, 1)""")
                    .param("id", UUID.randomUUID().toString()).param("first", "Prénom" + i).param("last", "Nom" + i)
                    .param("email", "Old.Payer" + i + "@Example.org").param("reference", "OLD-" + i)
                    .param("at", OffsetDateTime.now().minusDays(400 - i)).update();
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        OrderRepository orders = new OrderRepository(JdbcClient.create(dataSource), event -> { });
        for (int i = 0; i < 300; i++) {
            orders.insert(new NewOrder("offer", "Adhésion", 1000 + i, false,
                    new Order.Payer(i == 7 ? "Hélène" : "Jean" + i, i == 7 ? "Dupont-Martin" : "Martin" + i,
                            "jean" + i + "@exemple.fr", "FRA", null), "ref-" + i, null, "demo"),
                    "hash", OffsetDateTime.now().minusDays(300 - i));
        }
        DataSource explaining = new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                return explaining(super.getConnection());
            }
        };
        JdbcClient jdbc = JdbcClient.create(explaining);
        queries = new AdminQueries(jdbc, new OrderRepository(jdbc, event -> { }), explaining);
    }

    @AfterAll
    void close() {
        dataSource.close();
    }

    @Test
    void theSearchMatchesTheStartOfTheEmailOfFirstLastOrLastFirstAndOfTheReferenceThroughIndexes() {
        assertThat(queries.trigramSearch()).isFalse();
        plans.clear();
        assertThat(references(filter("JEAN12@exemple.fr", null))).containsExactly("ref-12");
        assertThat(references(filter("jean12", null))).containsExactlyInAnyOrder("ref-12", "ref-120", "ref-121",
                "ref-122", "ref-123", "ref-124", "ref-125", "ref-126", "ref-127", "ref-128", "ref-129");
        assertThat(references(filter("hélène dup", null))).containsExactly("ref-7");
        assertThat(references(filter("dupont-martin", null))).containsExactly("ref-7");
        assertThat(references(filter("martin25 jean25", null))).containsExactly("ref-25");
        assertThat(references(filter("exemple.fr", null))).as("inside a field: not a prefix").isEmpty();
        assertThat(references(filter("100%", null))).as("a wildcard typed is a character").isEmpty();
        assertThat(references(filter(null, "REF-29"))).containsExactlyInAnyOrder("ref-29", "ref-290", "ref-291",
                "ref-292", "ref-293", "ref-294", "ref-295", "ref-296", "ref-297", "ref-298", "ref-299");
        String id = plain.sql("SELECT id FROM orders WHERE reference = 'ref-3'").query(String.class).single();
        assertThat(references(filter(null, id))).containsExactly("ref-3");
        assertThat(plans).isNotEmpty().noneMatch(plan -> plan.contains("tableScan"));
    }

    @Test
    void theMigrationFilledTheOrdersStoredBeforeIt() {
        assertThat(references(filter("old.payer12@", null))).containsExactly("OLD-12");
        assertThat(references(filter("nom12 prénom12", null))).containsExactly("OLD-12");
        assertThat(references(filter(null, "old-299"))).containsExactly("OLD-299");
        assertThat(plain.sql("SELECT COUNT(*) FROM orders WHERE search_email IS NULL").query(Long.class).single())
                .isZero();
    }

    @Test
    void theTestSeesATableScan() {
        plans.clear();
        JdbcClient.create(new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                return explaining(super.getConnection());
            }
        }).sql("SELECT COUNT(*) FROM orders WHERE LOWER(payer_email) LIKE :q").param("q", "%exemple%")
                .query(Long.class).single();
        assertThat(plans).singleElement().satisfies(plan -> assertThat(plan).contains("tableScan"));
    }

    private List<String> references(OrderFilter filter) {
        return queries.orders(filter, PARIS).items().stream().map(Order::reference).toList();
    }

    private static OrderFilter filter(String q, String reference) {
        return new OrderFilter(null, null, null, q, reference, null, null, null, null);
    }

    /** A connection whose prepared statements are EXPLAINed by H2, with their parameters, before they run. */
    private Connection explaining(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
                            && (sql.startsWith("WITH") || sql.startsWith("SELECT"))) {
                        return statement(connection, (PreparedStatement) result, sql);
                    }
                    return result;
                });
    }

    private Object statement(Connection connection, PreparedStatement target, String sql) {
        List<Object[]> settings = new ArrayList<>();
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) {
                        settings.add(new Object[] {method, args});
                    }
                    if (method.getName().startsWith("execute") && (args == null || args.length == 0)) {
                        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
                            for (Object[] setting : settings) {
                                invoke(explain, (Method) setting[0], (Object[]) setting[1]);
                            }
                            try (ResultSet rs = explain.executeQuery()) {
                                rs.next();
                                plans.add(rs.getString(1));
                            }
                        }
                    }
                    return invoke(target, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
