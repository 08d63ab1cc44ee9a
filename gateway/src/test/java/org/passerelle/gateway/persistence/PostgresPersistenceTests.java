package org.passerelle.gateway.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on a real PostgreSQL when {@code PASSERELLE_TEST_POSTGRES_URL} is set, in a fresh schema per run
 * (created here, dropped afterwards) so that concurrent runs never collide.
 */
class PostgresPersistenceTests extends PersistenceContract {

    static final String URL_VARIABLE = "PASSERELLE_TEST_POSTGRES_URL";

    private final String schema = "passerelle_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    @BeforeAll
    void requirePostgres() {
        Assumptions.assumeTrue(System.getenv(URL_VARIABLE) != null && !System.getenv(URL_VARIABLE).isBlank(),
                URL_VARIABLE + " is not set: PostgreSQL persistence tests skipped"
                        + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)");
    }

    @Override
    HikariDataSource createDatabase() {
        String url = System.getenv(URL_VARIABLE);
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        dataSource.setMaximumPoolSize(25);
        Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true)
                .locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    @Override
    void dropDatabase(HikariDataSource dataSource) {
        jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
    }
}
