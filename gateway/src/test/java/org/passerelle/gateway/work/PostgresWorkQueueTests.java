package org.passerelle.gateway.work;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.passerelle.gateway.support.TestDatabases;

/** The shared queue on a real PostgreSQL ({@code PASSERELLE_TEST_POSTGRES_URL}), in a schema of its own. */
class PostgresWorkQueueTests extends WorkQueueContract {

    private final String schema = TestDatabases.newSchema("work_test");

    @BeforeAll
    void requirePostgres() {
        TestDatabases.requirePostgres("PostgreSQL work queue tests");
    }

    @Override
    HikariDataSource createDatabase() {
        return TestDatabases.postgres(schema);
    }

    @Override
    void dropDatabase() {
        jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
    }
}
