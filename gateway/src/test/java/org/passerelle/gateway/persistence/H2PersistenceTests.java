package org.passerelle.gateway.persistence;

import com.zaxxer.hikari.HikariDataSource;
import org.passerelle.gateway.support.TestDatabases;

/** The contract on H2 in PostgreSQL mode, as the gateway runs by default. */
class H2PersistenceTests extends PersistenceContract {

    @Override
    HikariDataSource createDatabase() {
        return TestDatabases.h2("persistence");
    }

    @Override
    void dropDatabase(HikariDataSource dataSource) {
        jdbc.sql("SHUTDOWN").update();
    }
}
