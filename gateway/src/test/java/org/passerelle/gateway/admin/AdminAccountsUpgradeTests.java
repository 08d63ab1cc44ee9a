package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.console.ConsoleScope;
import org.passerelle.gateway.support.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Migration V27_3 on a database of an earlier release: the console accounts it holds become super-admins (every
 * association, the installation's pages), so that an upgraded installation behaves as before; an account added
 * afterwards for some associations only is ADMIN or VIEWER of those only. On H2 and on PostgreSQL.
 */
class AdminAccountsUpgradeTests {

    @Test
    void onH2() {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:mem:accounts-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        try (dataSource) {
            upgradeKeepsEveryAccountsAccess(dataSource, null);
        }
    }

    @Test
    void onPostgres() throws Exception {
        TestDatabases.requirePostgres("the console accounts' upgrade on PostgreSQL");
        String schema = TestDatabases.newSchema("accounts");
        String url = System.getenv(TestDatabases.POSTGRES_URL_VARIABLE);
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        try (dataSource) {
            upgradeKeepsEveryAccountsAccess(dataSource, schema);
        } finally {
            try (Connection connection = DriverManager.getConnection(url)) {
                connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static void upgradeKeepsEveryAccountsAccess(HikariDataSource dataSource, String schema) {
        // the release before: the first admin, created with the set-up link
        flyway(dataSource, schema).target("27.2").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("INSERT INTO admin_accounts (username, password_hash, role, created_at)"
                + " VALUES ('marie', '{noop}x', 'ADMIN', :now)").param("now", OffsetDateTime.now()).update();
        // a read-only account put in the table by hand: it must not come out of the upgrade able to change anything
        jdbc.sql("INSERT INTO admin_accounts (username, password_hash, role, created_at)"
                + " VALUES ('lea', '{noop}x', 'VIEWER', :now)").param("now", OffsetDateTime.now()).update();

        flyway(dataSource, schema).load().migrate();
        AdminAccounts accounts = new AdminAccounts(jdbc, null, null, null, null);

        ConsoleScope marie = ConsoleScope.of(accounts.find("marie").orElseThrow().getAuthorities());
        assertThat(marie.superAdmin()).isTrue();
        assertThat(marie.readable()).as("every association").isNull();
        assertThat(marie.administers("linked-later")).isTrue();
        ConsoleScope lea = ConsoleScope.of(accounts.find("lea").orElseThrow().getAuthorities());
        assertThat(lea.superAdmin()).isFalse();
        assertThat(lea.administers("linked-later")).isFalse();

        jdbc.sql("INSERT INTO admin_accounts (username, password_hash, role, created_at)"
                + " VALUES ('paul', '{noop}x', 'VIEWER', :now)").param("now", OffsetDateTime.now()).update();
        jdbc.sql("INSERT INTO admin_account_organizations (username, organization_slug, role)"
                + " VALUES ('paul', 'club-a', 'ADMIN'), ('paul', 'club-b', 'VIEWER')").update();
        ConsoleScope paul = ConsoleScope.of(accounts.find("paul").orElseThrow().getAuthorities());
        assertThat(paul.superAdmin()).as("a new account is no super-admin by default").isFalse();
        assertThat(paul.readable()).containsExactlyInAnyOrder("club-a", "club-b");
        assertThat(paul.administers("club-a")).isTrue();
        assertThat(paul.administers("club-b")).isFalse();
        assertThat(paul.reads("club-c")).isFalse();
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(HikariDataSource dataSource,
            String schema) {
        var configuration = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        return schema == null ? configuration : configuration.schemas(schema).createSchemas(true);
    }
}
