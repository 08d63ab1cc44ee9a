package org.passerelle.gateway.moodle;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.passerelle.gateway.support.TestDatabases;

/** The Moodle channel's decisions on a real PostgreSQL ({@code PASSERELLE_TEST_POSTGRES_URL}), in a schema of its own. */
class PostgresMoodleEnrollerTests extends MoodleEnrollerContract {

    private final String schema = TestDatabases.newSchema("moodle_test");

    @BeforeAll
    void requirePostgres() {
        TestDatabases.requirePostgres("PostgreSQL Moodle channel tests");
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
