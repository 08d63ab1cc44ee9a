package org.passerelle.gateway.organization;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.secret.SecretBox;
import org.passerelle.gateway.support.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The organizations table on the embedded H2: the configured organization's row, linked ones, signature keys. */
class OrganizationsTest {

    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private Organizations organizations;

    @BeforeEach
    void migrate() {
        dataSource = TestDatabases.h2("organizations");
        jdbc = JdbcClient.create(dataSource);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        organizations = new Organizations(jdbc, new SecretBox(key, List.of()), new UtcClock(Clock.systemUTC()));
    }

    @AfterEach
    void drop() {
        jdbc.sql("DROP ALL OBJECTS").update();
        dataSource.close();
    }

    @Test
    void theConfiguredOrganizationIsRecordedOnceAtEveryStart() {
        organizations.recordConfigured("mon-asso", "sandbox");
        organizations.recordConfigured("mon-asso", "sandbox");

        assertThat(organizations.list()).singleElement().satisfies(org -> {
            assertThat(org.slug()).isEqualTo("mon-asso");
            assertThat(org.connection()).isEqualTo(Organization.Connection.CONFIGURED);
            assertThat(org.linkedAt()).isNull();
        });
    }

    @Test
    void aLinkedOrganizationIsListedAfterTheConfiguredOneAndTheConfiguredOneStaysSo() {
        organizations.recordConfigured("mon-asso", "sandbox");
        organizations.recordLinked("club-voisin", "Club voisin", "sandbox", "tresoriere");
        organizations.recordLinked("mon-asso", null, "sandbox", "tresoriere");
        organizations.recordConfigured("club-voisin", "sandbox");   // a later start configured with it: no change

        assertThat(organizations.list()).extracting(Organization::slug, Organization::connection).containsExactly(
                org.assertj.core.groups.Tuple.tuple("mon-asso", Organization.Connection.CONFIGURED),
                org.assertj.core.groups.Tuple.tuple("club-voisin", Organization.Connection.PARTNER));
        assertThat(organizations.find("club-voisin").orElseThrow().displayName()).isEqualTo("Club voisin");
        assertThat(organizations.find("club-voisin").orElseThrow().linkedBy()).isEqualTo("tresoriere");
    }

    @Test
    void aSignatureKeyIsStoredSealedAndServedForVerification() {
        organizations.recordLinked("club-voisin", "Club voisin", "sandbox", "tresoriere");
        organizations.recordNotificationUrl("club-voisin", "signature-key-0123456789abcdef");

        String stored = jdbc.sql("SELECT notification_signature_key FROM organizations WHERE slug = 'club-voisin'")
                .query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain("signature-key-0123456789abcdef");
        assertThat(organizations.signatureKeys()).containsExactly("signature-key-0123456789abcdef");
        assertThat(organizations.find("club-voisin").orElseThrow().notificationUrlSetAt()).isNotNull();
    }
}
