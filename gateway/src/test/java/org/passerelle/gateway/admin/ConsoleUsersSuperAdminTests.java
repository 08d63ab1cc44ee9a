package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.console.ConsoleScope;
import org.passerelle.gateway.support.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The installation never loses its last super-admin (issue 18): in real mode with no admin in the configuration,
 * the stored super-admins are all there is, and the last one can be neither unmade, nor disabled, nor deleted, by
 * anyone; with a second one, either can go. On H2 and on PostgreSQL (the rows are locked with FOR UPDATE).
 */
class ConsoleUsersSuperAdminTests {

    private static final HelloAssoSettings REAL = new HelloAssoSettings("asso", false, "HelloAsso production");
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void onH2() {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:mem:console-users-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        try (dataSource) {
            theLastSuperAdminStays(dataSource, null);
        }
    }

    @Test
    void onPostgres() throws Exception {
        TestDatabases.requirePostgres("the last super-admin's guard on PostgreSQL");
        String schema = TestDatabases.newSchema("consoleusers");
        String url = System.getenv(TestDatabases.POSTGRES_URL_VARIABLE);
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        try (dataSource) {
            theLastSuperAdminStays(dataSource, schema);
        } finally {
            try (Connection connection = DriverManager.getConnection(url)) {
                connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private void theLastSuperAdminStays(HikariDataSource dataSource, String schema) {
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        (schema == null ? flyway : flyway.schemas(schema).createSchemas(true)).load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        UtcClock clock = new UtcClock(Clock.systemUTC());
        AdminAccounts accounts = new AdminAccounts(jdbc, encoder, null, null, clock);
        // real mode, no admin in the configuration: only stored super-admins
        AdminUsers users = AdminUsers.from(new AdminProperties("", "", List.of(), "", 5, 20, Duration.ofMinutes(15),
                ZoneId.of("Europe/Paris")), REAL, encoder, accounts, null);
        assertThat(users.configuredSuperAdmins()).isZero();
        ConsoleUsers consoleUsers = new ConsoleUsers(jdbc, encoder,
                new TransactionTemplate(new JdbcTransactionManager(dataSource)), mock(AuditLog.class), clock, users,
                null);
        assertThat(consoleUsers.create("marie", "a long console passphrase", null, null, "first", "127.0.0.1"))
                .isEqualTo(ConsoleUsers.Outcome.DONE);
        assertThat(consoleUsers.create("paul", "another long passphrase", null, null, "marie", "127.0.0.1"))
                .isEqualTo(ConsoleUsers.Outcome.DONE);
        assertThat(consoleUsers.setSuperAdmin("marie", true, "first", "127.0.0.1")).isEqualTo(ConsoleUsers.Outcome.DONE);

        // marie is the last: not by herself, not by anyone else
        assertThat(consoleUsers.setSuperAdmin("marie", false, "marie", "127.0.0.1"))
                .isEqualTo(ConsoleUsers.Outcome.SELF_REFUSED);
        assertThat(consoleUsers.setSuperAdmin("marie", false, "someone", "127.0.0.1"))
                .isEqualTo(ConsoleUsers.Outcome.LAST_SUPER_ADMIN_REFUSED);
        assertThat(consoleUsers.setDisabled("marie", true, "someone", "127.0.0.1"))
                .isEqualTo(ConsoleUsers.Outcome.LAST_SUPER_ADMIN_REFUSED);
        assertThat(consoleUsers.delete("marie", "someone", "127.0.0.1"))
                .isEqualTo(ConsoleUsers.Outcome.LAST_SUPER_ADMIN_REFUSED);
        assertThat(superAdmin(accounts, "marie")).isTrue();
        assertThat(accounts.find("marie").orElseThrow().isEnabled()).isTrue();

        // with a second super-admin, the first may go
        assertThat(consoleUsers.setSuperAdmin("paul", true, "marie", "127.0.0.1")).isEqualTo(ConsoleUsers.Outcome.DONE);
        assertThat(consoleUsers.setSuperAdmin("marie", false, "paul", "127.0.0.1")).isEqualTo(ConsoleUsers.Outcome.DONE);
        assertThat(superAdmin(accounts, "marie")).isFalse();
        // a disabled super-admin counts for nothing
        assertThat(consoleUsers.setSuperAdmin("marie", true, "paul", "127.0.0.1")).isEqualTo(ConsoleUsers.Outcome.DONE);
        assertThat(consoleUsers.setDisabled("marie", true, "paul", "127.0.0.1")).isEqualTo(ConsoleUsers.Outcome.DONE);
        assertThat(consoleUsers.delete("paul", "marie", "127.0.0.1"))
                .isEqualTo(ConsoleUsers.Outcome.LAST_SUPER_ADMIN_REFUSED);
        assertThat(consoleUsers.delete("marie", "paul", "127.0.0.1")).isEqualTo(ConsoleUsers.Outcome.DONE);
        assertThat(accounts.find("marie")).isEmpty();
        assertThat(consoleUsers.delete("marie", "paul", "127.0.0.1")).isEqualTo(ConsoleUsers.Outcome.NOT_FOUND);
    }

    private static boolean superAdmin(AdminAccounts accounts, String username) {
        return ConsoleScope.of(accounts.find(username).orElseThrow().getAuthorities()).superAdmin();
    }
}
