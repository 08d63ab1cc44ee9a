package org.passerelle.gateway.organization;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.secret.SecretBox;
import org.passerelle.gateway.secret.SecretHolder;
import org.passerelle.gateway.secret.SecretRotation;
import org.passerelle.helloasso.OrganizationToken;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The partner's token store on a real database: durable, sealed, replaced on rotation, covered by key rotation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrganizationTokensContract {

    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private final byte[] key = randomKey();
    private SecretBox box;
    private DatabaseOrganizationTokens store;

    void assumeAvailable() {
    }

    abstract HikariDataSource createDatabase();

    abstract void dropDatabase(JdbcClient jdbc);

    @BeforeAll
    void migrate() {
        assumeAvailable();
        dataSource = createDatabase();
        jdbc = JdbcClient.create(dataSource);
        box = new SecretBox(key, List.of());
        store = new DatabaseOrganizationTokens(jdbc, box, new UtcClock(Clock.systemUTC()));
    }

    @AfterAll
    void drop() {
        if (dataSource != null) {
            dropDatabase(jdbc);
            dataSource.close();
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static OrganizationToken token(String slug, String access, String refresh) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new OrganizationToken(slug, access, refresh, now, now.plusSeconds(1800));
    }

    private Map<String, Object> row(String slug) {
        return jdbc.sql("SELECT * FROM organization_tokens WHERE organization_slug = :slug").param("slug", slug)
                .query().singleRow();
    }

    @Test
    void aSavedTokenIsReadBackByAnotherStoreAsByOneAfterARestart() {
        OrganizationToken saved = token("club-a", "access-club-a-0123456789", "refresh-club-a-0123456789");
        store.save(saved);

        DatabaseOrganizationTokens afterRestart = new DatabaseOrganizationTokens(jdbc, new SecretBox(key, List.of()),
                new UtcClock(Clock.systemUTC()));
        assertThat(afterRestart.load("club-a")).contains(saved);
        assertThat(afterRestart.load("club-unknown")).isEmpty();
    }

    @Test
    void bothTokensAreSealedInTheirColumns() {
        store.save(token("club-b", "access-club-b-0123456789", "refresh-club-b-0123456789"));

        Map<String, Object> row = row("club-b");
        for (String column : List.of("access_token", "refresh_token")) {
            String stored = (String) row.get(column);
            assertThat(stored).as(column).startsWith("v1:" + box.currentKeyId() + ":").doesNotContain("club-b-0123");
        }
        assertThat(row.values()).noneMatch(value -> value != null && value.toString().contains("club-b-0123"));
    }

    @Test
    void aRotationReplacesTheStoredTokens() {
        store.save(token("club-c", "access-1", "refresh-1"));
        OrganizationToken rotated = token("club-c", "access-2", "refresh-2");
        store.save(rotated);

        assertThat(store.load("club-c")).contains(rotated);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM organization_tokens WHERE organization_slug = 'club-c'")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aTokenWithoutRefreshTokenIsKept() {
        OrganizationToken saved = token("club-d", "access-d", null);
        store.save(saved);
        assertThat(store.load("club-d")).contains(saved);
    }

    @Test
    void keyRotationSealsThemUnderTheNewKey() {
        store.save(token("club-e", "access-club-e-0123456789", "refresh-club-e-0123456789"));

        SecretBox rotatedBox = new SecretBox(randomKey(), List.of(key));
        DatabaseOrganizationTokens rotatedStore = new DatabaseOrganizationTokens(jdbc, rotatedBox, new UtcClock(Clock.systemUTC()));
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("tokens", rotatedStore);
        new SecretRotation(jdbc, rotatedBox, beans.getBeanProvider(SecretHolder.class)).rotate();

        assertThat((String) row("club-e").get("refresh_token")).startsWith("v1:" + rotatedBox.currentKeyId() + ":");
        assertThat(rotatedStore.load("club-e").orElseThrow().refreshToken()).isEqualTo("refresh-club-e-0123456789");
    }
}
