package org.passerelle.gateway.support;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

/**
 * Migrated databases for the contract tests: a fresh in-memory H2 (PostgreSQL mode, as the gateway runs by default),
 * or a fresh schema on the real PostgreSQL named by {@code PASSERELLE_TEST_POSTGRES_URL}, so that concurrent runs
 * never collide.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL_VARIABLE = "PASSERELLE_TEST_POSTGRES_URL";

    private TestDatabases() {
    }

    public static HikariDataSource h2(String prefix) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:mem:" + prefix + "-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        dataSource.setMaximumPoolSize(25);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    /** Skips the calling test class, saying why, when no PostgreSQL is configured. */
    public static void requirePostgres(String what) {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        Assumptions.assumeTrue(url != null && !url.isBlank(), POSTGRES_URL_VARIABLE + " is not set: " + what
                + " skipped (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)");
    }

    /** A schema name of its own for one test class. */
    public static String newSchema(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /**
     * An empty schema of its own on the configured PostgreSQL, for a gateway that migrates it itself (a process, a
     * context): {@link #url} points at it; closing it drops it with all it holds.
     */
    public record EmptySchema(String base, String name) implements AutoCloseable {

        public String url() {
            return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
        }

        @Override
        public void close() throws SQLException {
            try (Connection connection = DriverManager.getConnection(base)) {
                connection.createStatement().execute("DROP SCHEMA " + name + " CASCADE");
            }
        }
    }

    /** Creates an {@link EmptySchema} named after {@code prefix}; the caller closes it. */
    public static EmptySchema emptyPostgresSchema(String prefix) throws SQLException {
        EmptySchema schema = new EmptySchema(System.getenv(POSTGRES_URL_VARIABLE), newSchema(prefix));
        try (Connection connection = DriverManager.getConnection(schema.base())) {
            connection.createStatement().execute("CREATE SCHEMA " + schema.name());
        }
        return schema;
    }

    /** Creates {@code schema} on the configured PostgreSQL and migrates it; drop it with {@code DROP SCHEMA … CASCADE}. */
    public static HikariDataSource postgres(String schema) {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        dataSource.setMaximumPoolSize(25);
        Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true)
                .locations("classpath:db/migration").load().migrate();
        return dataSource;
    }
}
