package org.passerelle.gateway.offer;

import com.zaxxer.hikari.HikariDataSource;
import org.passerelle.gateway.support.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The console offers' contract on the embedded H2 (PostgreSQL mode), as the one-command start runs. */
class H2ConsoleOffersTests extends ConsoleOffersContract {

    @Override
    HikariDataSource createDatabase() {
        return TestDatabases.h2("console-offers");
    }

    @Override
    void dropDatabase(JdbcClient jdbc) {
        jdbc.sql("DROP ALL OBJECTS").update();
    }
}
