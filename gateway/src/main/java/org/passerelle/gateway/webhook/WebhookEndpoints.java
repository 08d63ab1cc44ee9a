package org.passerelle.gateway.webhook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.order.AccessTokens;
import org.passerelle.gateway.secret.SecretBox;
import org.passerelle.gateway.secret.SecretHolder;
import org.passerelle.gateway.secret.StoredSecret;
import org.passerelle.gateway.web.HttpUrl;
import org.passerelle.gateway.web.SafeText;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where host events go: endpoints from {@code passerelle.webhooks.endpoints} (id derived from the URL, stable across
 * restarts), which receive the events of every order of the configured organization (issue 18: never a linked
 * association's), and endpoints added in the admin console for one API key
 * (stored), which receive only the events of that key's orders: a host never hears about another host's payers.
 * Secrets never leave this class except to sign, and once to the admin who created the endpoint; stored encrypted.
 */
@Service
public class WebhookEndpoints implements SecretHolder {

    /** events empty = every host event; apiKeyId null = every order (the configuration's endpoints). */
    public record Endpoint(String id, String url, Set<String> events, boolean fromConfiguration, String apiKeyId) {

        public boolean wants(String event) {
            return HostEvents.ALL.contains(event) && (events.isEmpty() || events.contains(event));
        }

        /**
         * Whether this endpoint may hear about the order created by {@code orderApiKeyId} (null: an offer page) in an
         * organization served as the configured one or not: an endpoint of a key hears of that key's orders only
         * (its organization's), one without a key (the configuration's) of the configured organization's only.
         */
        public boolean covers(String orderApiKeyId, boolean configuredOrganization) {
            return apiKeyId == null ? configuredOrganization : apiKeyId.equals(orderApiKeyId);
        }
    }

    /** The secret is shown once. */
    public record CreatedEndpoint(String id, String url, Set<String> events, String secret, String apiKeyId) {
    }

    record Signing(Endpoint endpoint, String secret) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final SecretBox box;
    private final UtcClock clock;
    private final List<Signing> configured = new ArrayList<>();

    public WebhookEndpoints(JdbcClient jdbc, AuditLog audit, SecretBox box, UtcClock clock, WebhookProperties properties) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.box = box;
        this.clock = clock;
        for (WebhookProperties.Endpoint e : properties.endpoints()) {
            String id = "cfg-" + AccessTokens.hash(e.url()).substring(0, 12);
            configured.add(new Signing(new Endpoint(id, e.url(), new TreeSet<>(e.events()), true, null), e.secret()));
        }
    }

    @Override
    public List<StoredSecret> storedSecrets() {
        return List.of(StoredSecret.column("webhook_endpoints", "id", "secret"));
    }

    public List<Endpoint> list() {
        return signing().stream().map(Signing::endpoint).toList();
    }

    /** An endpoint for the orders of one API key ({@code apiKeyId} null: every order, for trusted callers only). */
    @Transactional
    public CreatedEndpoint add(String url, Set<String> events, String apiKeyId, String actor) {
        if (url == null || !SafeText.isClean(url) || !HttpUrl.Check.isHttpUrl(url)) {
            throw new IllegalArgumentException("The webhook URL must be an absolute http(s) URL");
        }
        Set<String> wanted = events == null ? Set.of() : new TreeSet<>(events);
        if (!HostEvents.ALL.containsAll(wanted)) {
            throw new IllegalArgumentException("Unknown events; known: " + new TreeSet<>(HostEvents.ALL));
        }
        String id = UUID.randomUUID().toString();
        String secret = WebhookSigner.newSecret();
        jdbc.sql("""
                INSERT INTO webhook_endpoints (id, url, secret, events, created_at, api_key_id)
                VALUES (:id, :url, :secret, :events, :now, :apiKey)
                """)
                .param("id", id).param("url", url).param("secret", box.seal(secret))
                .param("events", String.join(",", wanted))
                .param("apiKey", apiKeyId)
                .param("now", clock.now()).update();
        audit.record(AuditEvent.success(null, AuditAction.WEBHOOK_ENDPOINT_ADDED).actor(actor).message("Webhook endpoint " + url
                + (apiKeyId == null ? " (every order)" : " (orders of API key " + apiKeyId + ")") + " added by " + actor));
        return new CreatedEndpoint(id, url, Set.copyOf(wanted), secret, apiKeyId);
    }

    /** Configured endpoints are removed from the configuration. Pending deliveries to a removed endpoint stop. */
    @Transactional
    public boolean remove(String id, String actor) {
        boolean removed = jdbc.sql("UPDATE webhook_endpoints SET removed_at = :now WHERE id = :id AND removed_at IS NULL")
                .param("now", clock.now()).param("id", id)
                .update() == 1;
        if (removed) {
            audit.record(AuditEvent.success(null, AuditAction.WEBHOOK_ENDPOINT_REMOVED).actor(actor).message("Webhook endpoint " + id
                    + " removed by " + actor));
        }
        return removed;
    }

    /** Every active endpoint with its secret, for signing. */
    List<Signing> signing() {
        List<Signing> all = new ArrayList<>(configured);
        all.addAll(jdbc.sql("SELECT * FROM webhook_endpoints WHERE removed_at IS NULL ORDER BY created_at, id")
                .query((rs, row) -> new Signing(new Endpoint(rs.getString("id"), rs.getString("url"),
                        events(rs.getString("events")), false, rs.getString("api_key_id")),
                        box.open(rs.getString("secret"))))
                .list());
        return all;
    }

    /** The signing secret of an active endpoint, or null when it is gone. */
    String secret(String endpointId) {
        return signing().stream().filter(s -> s.endpoint().id().equals(endpointId)).map(Signing::secret)
                .findFirst().orElse(null);
    }

    private static Set<String> events(String column) {
        return column == null || column.isBlank() ? Set.of() : new TreeSet<>(Arrays.asList(column.split(",")));
    }
}
