package org.passerelle.gateway.refund;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.passerelle.gateway.support.TestDatabases;

/** The refund ledger contract on a real PostgreSQL ({@code PASSERELLE_TEST_POSTGRES_URL}), in a schema of its own. */
class PostgresRefundLedgerTests extends RefundLedgerContract {

    private final String schema = TestDatabases.newSchema("refund_test");

    @BeforeAll
    void requirePostgres() {
        TestDatabases.requirePostgres("PostgreSQL refund ledger tests");
    }

    @Override
    HikariDataSource createDatabase() {
        return TestDatabases.postgres(schema);
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
