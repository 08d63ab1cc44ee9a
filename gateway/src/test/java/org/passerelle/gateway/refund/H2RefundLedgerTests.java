package org.passerelle.gateway.refund;

import com.zaxxer.hikari.HikariDataSource;
import org.passerelle.gateway.support.TestDatabases;

/** The refund ledger contract on H2 in PostgreSQL mode. */
class H2RefundLedgerTests extends RefundLedgerContract {

    @Override
    HikariDataSource createDatabase() {
        return TestDatabases.h2("refunds");
    }

    @Override
    void dropDatabase(HikariDataSource dataSource) {
        jdbc.sql("SHUTDOWN").update();
    }
}
