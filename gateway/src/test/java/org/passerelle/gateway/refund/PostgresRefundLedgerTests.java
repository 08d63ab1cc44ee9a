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

    @org.junit.jupiter.api.Test
    void theLiveStatusTriggerSurvivesTheWiderStatusColumn() {
        open();
        org.assertj.core.api.Assertions.assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE t.tgname = 'orders_changed_notify' AND c.relnamespace = current_schema()::regnamespace
                """).query(Integer.class).single()).isEqualTo(1);
    }

    @Override
    void dropDatabase(HikariDataSource dataSource) {
        jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
    }
}
