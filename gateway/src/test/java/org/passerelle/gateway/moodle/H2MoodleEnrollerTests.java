package org.passerelle.gateway.moodle;

import com.zaxxer.hikari.HikariDataSource;
import org.passerelle.gateway.support.TestDatabases;

/** The Moodle channel's decisions on H2 in PostgreSQL mode. */
class H2MoodleEnrollerTests extends MoodleEnrollerContract {

    @Override
    HikariDataSource createDatabase() {
        return TestDatabases.h2("moodle-enroller");
    }

    @Override
    void dropDatabase() {
        jdbc.sql("SHUTDOWN").update();
    }
}
