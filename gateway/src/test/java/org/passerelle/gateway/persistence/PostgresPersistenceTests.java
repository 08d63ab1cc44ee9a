package org.passerelle.gateway.persistence;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.passerelle.gateway.support.TestDatabases;

/**
 * The contract on a real PostgreSQL when {@code PASSERELLE_TEST_POSTGRES_URL} is set, in a fresh schema per run
 * (created here, dropped afterwards) so that concurrent runs never collide.
 */
class PostgresPersistenceTests extends PersistenceContract {

    private final String schema = TestDatabases.newSchema("passerelle_test");

    @BeforeAll
    void requirePostgres() {
        TestDatabases.requirePostgres("PostgreSQL persistence tests");
    }

    @Override
    HikariDataSource createDatabase() {
        return TestDatabases.postgres(schema);
    }

    @Override
    void dropDatabase(HikariDataSource dataSource) {
        jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
    }
}
