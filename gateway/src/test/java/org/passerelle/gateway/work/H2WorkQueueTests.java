package org.passerelle.gateway.work;

import com.zaxxer.hikari.HikariDataSource;
import org.passerelle.gateway.support.TestDatabases;

/** The shared queue on H2 in PostgreSQL mode (the embedded default). */
class H2WorkQueueTests extends WorkQueueContract {

    @Override
    HikariDataSource createDatabase() {
        return TestDatabases.h2("work-queue");
    }

    @Override
    void dropDatabase() {
        jdbc.sql("SHUTDOWN").update();
    }
}
