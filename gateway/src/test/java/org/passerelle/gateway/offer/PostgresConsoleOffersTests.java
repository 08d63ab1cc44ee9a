package org.passerelle.gateway.offer;

import com.zaxxer.hikari.HikariDataSource;
import org.passerelle.gateway.support.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The console offers' contract on a real PostgreSQL when {@code PASSERELLE_TEST_POSTGRES_URL} is set (fresh schema). */
class PostgresConsoleOffersTests extends ConsoleOffersContract {

    private final String schema = TestDatabases.newSchema("passerelle_offers");

    @Override
    void assumeAvailable() {
        TestDatabases.requirePostgres("PostgreSQL console offers tests");
    }

    @Override
    HikariDataSource createDatabase() {
        return TestDatabases.postgres(schema);
    }

    @Override
    void dropDatabase(JdbcClient jdbc) {
        jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
    }
}
