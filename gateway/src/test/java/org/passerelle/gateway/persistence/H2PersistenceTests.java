package org.passerelle.gateway.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/** The contract on H2 in PostgreSQL mode, as the gateway runs by default. */
class H2PersistenceTests extends PersistenceContract {

    @Override
    HikariDataSource createDatabase() {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:mem:persistence-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        dataSource.setMaximumPoolSize(25);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    @Override
    void dropDatabase(HikariDataSource dataSource) {
        jdbc.sql("SHUTDOWN").update();
    }
}
