package org.passerelle.gateway.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.gateway.PasserelleApplication;
import org.passerelle.gateway.config.SettingsFailureAnalyzer;
import org.passerelle.gateway.moodle.MoodleSites;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.passerelle.gateway.organization.Organizations;
import org.passerelle.gateway.support.TestDatabases;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.passerelle.gateway.webhook.WebhookSigner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The gateway started again and again on one database, as an operator would: a database from before encryption, the
 * move from the generated key file to a configured key, and a rotation from key A to key B (then A removed). What the
 * tables hold is read after each start, and a key that opens nothing stops the start with a message naming it.
 */
class SecretKeyRotationIT {

    private static final String KEY_A = Base64.getEncoder().encodeToString(SecretBoxTest.KEY_A);
    private static final String KEY_B = Base64.getEncoder().encodeToString(SecretBoxTest.KEY_B);

    @TempDir
    Path data;

    ConfigurableApplicationContext gateway;
    final List<AutoCloseable> cleanUp = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (AutoCloseable c : cleanUp) {
            c.close();
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--passerelle.data-dir=" + data,
                "--passerelle.emulator.port=0", "--db-scheduler.enabled=false",
                "--passerelle.admin.username=tresoriere", "--passerelle.admin.password=rotation-admin-password-1",
                "--logging.level.com.atlassian.oai.validator=warn"));
        args.addAll(List.of(extra));
        gateway = new SpringApplicationBuilder(PasserelleApplication.class).run(args.toArray(String[]::new));
        return gateway;
    }

    private void restart(String... extra) {
        gateway.close();
        gateway = null;
        start(extra);
    }

    private List<String> storedSecrets() {
        JdbcClient jdbc = gateway.getBean(JdbcClient.class);
        List<String> all = new ArrayList<>(jdbc.sql("SELECT secret FROM webhook_endpoints").query(String.class).list());
        all.addAll(jdbc.sql("SELECT setting_value FROM settings WHERE name IN ('helloasso.notification-key',"
                + " 'helloasso.notification-url-registered', 'api.order-link-key', 'security.state-key')")
                .query(String.class).list());
        all.addAll(jdbc.sql("SELECT token FROM moodle_sites").query(String.class).list());
        return all;
    }

    private String endpointSecret(String id) {
        return gateway.getBean(SecretBox.class).open(gateway.getBean(JdbcClient.class)
                .sql("SELECT secret FROM webhook_endpoints WHERE id = :id").param("id", id).query(String.class).single());
    }

    @Test
    void secretsStoredInClearByAnEarlierVersionAreReadThenEncryptedAndMoveToAConfiguredKey() throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("passerelle")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        String webhookSecret = WebhookSigner.newSecret();
        String notificationKey = "legacyNotificationKey0123456789abcdefABCDEF";
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            PreparedStatement endpoint = connection.prepareStatement("INSERT INTO webhook_endpoints"
                    + " (id, url, secret, events, created_at) VALUES ('legacy', 'https://host.example.org/h', ?, '', ?)");
            endpoint.setString(1, webhookSecret);
            endpoint.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            endpoint.executeUpdate();
            PreparedStatement setting = connection.prepareStatement(
                    "INSERT INTO settings (name, setting_value, created_at) VALUES ('helloasso.notification-key', ?, ?)");
            setting.setString(1, notificationKey);
            setting.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            setting.executeUpdate();
        }

        start();

        Path keyFile = data.resolve("secrets.key");
        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String fileKeyId = SecretBox.keyId(Base64.getDecoder().decode(Files.readString(keyFile).trim()));
        assertThat(gateway.getBean(NotificationSecrets.class).key()).isEqualTo(notificationKey);
        assertThat(endpointSecret("legacy")).isEqualTo(webhookSecret);
        // the endpoint's secret, the notification key, and the two keys generated at start (state, order links)
        assertThat(storedSecrets()).hasSize(4).allMatch(v -> v.startsWith("v1:" + fileKeyId + ":"))
                .noneMatch(v -> v.contains(notificationKey) || v.contains(webhookSecret));

        // the operator now sets a key: the generated one is still read, and everything moves to the new key
        restart("--passerelle.secrets.key=" + KEY_B);

        assertThat(storedSecrets()).hasSize(4).allMatch(v -> v.startsWith("v1:" + SecretBox.keyId(SecretBoxTest.KEY_B)));
        assertThat(gateway.getBean(NotificationSecrets.class).key()).isEqualTo(notificationKey);
        assertThat(endpointSecret("legacy")).isEqualTo(webhookSecret);
    }

    @Test
    void aKeyRotationOnTheEmbeddedDatabase() {
        rotation();
    }

    @Test
    void aKeyRotationOnPostgres() throws Exception {
        TestDatabases.requirePostgres("key rotation on PostgreSQL");
        TestDatabases.EmptySchema schema = TestDatabases.emptyPostgresSchema("passerelle_secrets");
        cleanUp.add(schema);
        rotation("--spring.datasource.url=" + schema.url(), "--spring.datasource.username=");
    }

    private void rotation(String... database) {
        start(with(database, "--passerelle.secrets.key=" + KEY_A));
        String idA = SecretBox.keyId(SecretBoxTest.KEY_A);
        String idB = SecretBox.keyId(SecretBoxTest.KEY_B);
        WebhookEndpoints.CreatedEndpoint endpoint = gateway.getBean(WebhookEndpoints.class)
                .add("https://host.example.org/rotation", Set.of(), null, "test");
        String notificationKey = gateway.getBean(NotificationSecrets.class).key();
        // a linked association's Moodle token
        gateway.getBean(Organizations.class).recordLinked("rotation-club", "Club", "emulator", "test");
        assertThat(gateway.getBean(MoodleSites.class).save("rotation-club", new MoodleSites.Change(
                "https://moodle.example.org", "moodle-token-rotation", "5", false, "", Map.of()), "test")).isEmpty();
        assertThat(storedSecrets()).hasSizeGreaterThanOrEqualTo(4).allMatch(v -> v.startsWith("v1:" + idA + ":"));
        assertThat(data.resolve("secrets.key")).as("no key file once a key is configured").doesNotExist();

        // step 1: B becomes the key, A stays readable for this start
        restart(with(database, "--passerelle.secrets.key=" + KEY_B, "--passerelle.secrets.previous-keys=" + KEY_A));
        assertThat(storedSecrets()).hasSizeGreaterThanOrEqualTo(3).allMatch(v -> v.startsWith("v1:" + idB + ":"));

        // step 2: A removed
        restart(with(database, "--passerelle.secrets.key=" + KEY_B));
        assertThat(endpointSecret(endpoint.id())).isEqualTo(endpoint.secret());
        assertThat(gateway.getBean(NotificationSecrets.class).key()).isEqualTo(notificationKey);
        assertThat(gateway.getBean(MoodleSites.class).forOrganization("rotation-club"))
                .hasValueSatisfying(site -> assertThat(site.token()).isEqualTo("moodle-token-rotation"));
        gateway.close();
        gateway = null;

        // A alone opens nothing any more: the start stops, naming the settings, showing no key
        Throwable failure = catchThrowable(() -> start(with(database, "--passerelle.secrets.key=" + KEY_A)));
        FailureAnalysis analysis = new SettingsFailureAnalyzer().analyze(failure);
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).startsWith("Passerelle cannot start: ")
                .contains("key with id " + idB).contains("passerelle.secrets.key (id " + idA + ")")
                .contains("passerelle.secrets.previous-keys").doesNotContain(KEY_A).doesNotContain(KEY_B);
        assertThat(analysis.getAction()).contains("passerelle.secrets.key");
    }

    private static String[] with(String[] database, String... more) {
        List<String> all = new ArrayList<>(List.of(database));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
