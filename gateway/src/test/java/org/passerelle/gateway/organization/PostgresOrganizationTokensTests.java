package org.passerelle.gateway.organization;

import com.zaxxer.hikari.HikariDataSource;
import org.passerelle.gateway.support.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The token store's contract on a real PostgreSQL when {@code PASSERELLE_TEST_POSTGRES_URL} is set (fresh schema). */
class PostgresOrganizationTokensTests extends OrganizationTokensContract {

    private final String schema = TestDatabases.newSchema("passerelle_org_tokens");

    @Override
    void assumeAvailable() {
        TestDatabases.requirePostgres("PostgreSQL organization token store tests");
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
