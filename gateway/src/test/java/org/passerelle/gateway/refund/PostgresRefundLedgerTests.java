package org.passerelle.gateway.refund;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The refund ledger contract on a real PostgreSQL ({@code PASSERELLE_TEST_POSTGRES_URL}), in a schema of its own. */
class PostgresRefundLedgerTests extends RefundLedgerContract {

    private static final String URL_VARIABLE = "PASSERELLE_TEST_POSTGRES_URL";

    private final String schema = "refund_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    @BeforeAll
    void requirePostgres() {
        Assumptions.assumeTrue(System.getenv(URL_VARIABLE) != null && !System.getenv(URL_VARIABLE).isBlank(),
                URL_VARIABLE + " is not set: PostgreSQL refund ledger tests skipped");
    }

    @Override
    HikariDataSource createDatabase() {
        String url = System.getenv(URL_VARIABLE);
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        dataSource.setMaximumPoolSize(25);
        Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true)
                .locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    @Override
    void dropDatabase(HikariDataSource dataSource) {
        jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
    }
}
