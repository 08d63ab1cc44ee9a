package org.passerelle.gateway.notification;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.secret.SecretBox;
import org.passerelle.gateway.secret.SecretHolder;
import org.passerelle.gateway.secret.StoredSecret;
import org.passerelle.helloasso.HelloAssoApiException;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.HelloAssoException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Getting HelloAsso to send its notifications here, and seeing that it does. HelloAsso's API lets a client set its
 * organization's notification URL ({@code PUT /partners/me/api-notifications/organizations/{slug}}, role
 * OrganizationAdmin); whether an association's own client may is not confirmed, so a refusal sends the admin to the
 * back office with the exact URL. Done only when an admin asks: it replaces the organization's main notification URL,
 * which another tool might use. The signature key HelloAsso returns is not used to reject notifications (HelloAsso
 * signs them for partners only, per its documentation); every notification is read back through the API anyway.
 */
@Component
public class NotificationRegistration implements SecretHolder {

    /** The URL last registered through the API, and when (shared by every instance); encrypted: it holds the key. */
    static final String REGISTERED_SETTING = "helloasso.notification-url-registered";

    /** How asking HelloAsso ended. */
    public enum Result {
        REGISTERED,
        /** HelloAsso does not let this client do it (401, 403, 404): paste the URL in the back office. */
        REFUSED,
        /** No answer or another error: try again later, or paste the URL in the back office. */
        FAILED
    }

    public record Registered(String url, OffsetDateTime at) {
    }

    public record LastNotification(OffsetDateTime receivedAt, String eventType, String status) {
    }

    private final HelloAssoClient client;
    private final HelloAssoSettings helloAsso;
    private final NotificationSecrets secrets;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final AuditLog audit;
    private final SecretBox box;
    private final UtcClock clock;

    public NotificationRegistration(HelloAssoClient client, HelloAssoSettings helloAsso, NotificationSecrets secrets,
            JdbcClient jdbc, TransactionTemplate transaction, AuditLog audit, SecretBox box, UtcClock clock) {
        this.client = client;
        this.helloAsso = helloAsso;
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.audit = audit;
        this.box = box;
        this.clock = clock;
    }

    @Override
    public List<StoredSecret> storedSecrets() {
        return List.of(StoredSecret.setting(REGISTERED_SETTING));
    }

    public Result register(String actor) {
        String url = secrets.notificationUrl();
        try {
            client.notificationUrls().setForOrganization(helloAsso.organization(), url, null);
        } catch (HelloAssoException e) {
            Integer status = e instanceof HelloAssoApiException api ? api.statusCode() : null;
            boolean refused = status != null && (status == 401 || status == 403 || status == 404);
            audit.record(AuditEvent.error(null, AuditAction.HELLOASSO_NOTIFICATION_URL_NOT_REGISTERED).actor(actor)
                    .httpStatus(status).message((refused ? "HelloAsso does not let this API client set the"
                            + " notification URL" : "HelloAsso could not be asked") + " (" + e.getClass().getSimpleName()
                            + "): to be pasted in HelloAsso's back office"));
            return refused ? Result.REFUSED : Result.FAILED;
        }
        OffsetDateTime now = clock.now();
        transaction.executeWithoutResult(tx -> {
            jdbc.sql("DELETE FROM settings WHERE name = :name").param("name", REGISTERED_SETTING).update();
            jdbc.sql("INSERT INTO settings (name, setting_value, created_at) VALUES (:name, :url, :now)")
                    .param("name", REGISTERED_SETTING).param("url", box.seal(url)).param("now", now).update();
        });
        audit.record(AuditEvent.success(null, AuditAction.HELLOASSO_NOTIFICATION_URL_REGISTERED).actor(actor)
                .message("Notification URL registered with HelloAsso for organization " + helloAsso.organization()));
        return Result.REGISTERED;
    }

    /** The current notification URL's registration through the API, if it was registered so. */
    public Optional<Registered> registered() {
        String url = secrets.notificationUrl();
        return jdbc.sql("SELECT setting_value, created_at FROM settings WHERE name = :name")
                .param("name", REGISTERED_SETTING)
                .query((rs, row) -> new Registered(box.open(rs.getString("setting_value")),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .optional().filter(registered -> registered.url().equals(url));
    }

    /** The latest notification received (whatever became of it): proof that HelloAsso reaches this address. */
    public Optional<LastNotification> lastNotification() {
        return jdbc.sql("""
                SELECT received_at, event_type, status FROM notification_inbox
                ORDER BY received_at DESC, id DESC FETCH FIRST 1 ROWS ONLY""")
                .query((rs, row) -> new LastNotification(rs.getObject("received_at", OffsetDateTime.class),
                        rs.getString("event_type"), rs.getString("status")))
                .optional();
    }
}
