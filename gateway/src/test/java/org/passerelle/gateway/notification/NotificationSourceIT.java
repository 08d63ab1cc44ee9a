package org.passerelle.gateway.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.support.DatabasePerContext;
import org.passerelle.helloasso.notification.NotificationSignature;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The source-address allow-list, behind a reverse proxy (this test's client stands for the proxy on 127.0.0.1, a
 * trusted internal address): a notification from an address outside the list is refused with a 403 and stored
 * nowhere; one the proxy forwards for an allowed address is accepted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:${" + DatabasePerContext.PROPERTY + "};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "passerelle.emulator.port=0",
        "db-scheduler.enabled=false",
        "passerelle.notifications.allowed-ips=203.0.113.7, 198.51.100.20",
        "server.forward-headers-strategy=native",
})
class NotificationSourceIT {

    private static final String UNKNOWN_EVENT = "{\"eventType\":\"Newsletter\",\"data\":{\"id\":1}}";

    @Autowired
    NotificationSecrets secrets;
    @Autowired
    JdbcClient jdbc;

    private HttpResponse<String> post(String forwardedFor) throws Exception {
        byte[] body = UNKNOWN_EVENT.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(secrets.notificationUrl()))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header(NotificationSignature.HEADER, NotificationSignature.sign(body, secrets.signatureKey()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int inbox() {
        return jdbc.sql("SELECT COUNT(*) FROM notification_inbox").query(Integer.class).single();
    }

    private int refusals() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'fraud.notification_source'")
                .query(Integer.class).single();
    }

    @Test
    void onlyAllowedSourcesMayPostNotifications() throws Exception {
        HttpResponse<String> direct = post(null);
        assertThat(direct.statusCode()).isEqualTo(403);
        assertThat(direct.body()).isEqualTo("Source address not allowed");
        HttpResponse<String> elsewhere = post("192.0.2.99");
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(inbox()).as("nothing stored").isZero();
        assertThat(refusals()).isEqualTo(2);

        HttpResponse<String> allowed = post("203.0.113.7");
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT client_ip FROM notification_inbox").query(String.class).single())
                .isEqualTo("203.0.113.7");
    }
}
