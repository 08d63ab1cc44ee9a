package org.passerelle.gateway.organization;

import com.zaxxer.hikari.HikariDataSource;
import org.passerelle.gateway.support.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The token store's contract on the embedded H2 (PostgreSQL mode), as the one-command start runs. */
class H2OrganizationTokensTests extends OrganizationTokensContract {

    @Override
    HikariDataSource createDatabase() {
        return TestDatabases.h2("organization-tokens");
    }

    @Override
    void dropDatabase(JdbcClient jdbc) {
        jdbc.sql("DROP ALL OBJECTS").update();
    }
}
