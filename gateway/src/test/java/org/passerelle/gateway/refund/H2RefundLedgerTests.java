package org.passerelle.gateway.refund;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/** The refund ledger contract on H2 in PostgreSQL mode. */
class H2RefundLedgerTests extends RefundLedgerContract {

    @Override
    HikariDataSource createDatabase() {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:mem:refunds-" + UUID.randomUUID()
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
