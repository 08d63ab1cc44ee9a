package org.passerelle.gateway.api;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.order.AccessTokens;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.web.SafeText;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys: from {@code passerelle.api.keys} (kept in step with the configuration at start-up) or created here. Only
 * the SHA-256 of a secret is stored, with its first characters to recognise it in lists.
 */
@Service
public class ApiKeys implements SmartInitializingSingleton {

    /**
     * @param organization the linked association it acts for (issue 18); null for the configured organization
     */
    public record ApiKey(String id, String name, String prefix, OffsetDateTime createdAt, OffsetDateTime revokedAt,
            boolean fromConfiguration, String organization) {

        /**
         * The one ownership rule of the API: a key reads and changes only the orders it created (so never another
         * organization's: its orders are its organization's). Anything else is "not found", never "forbidden".
         */
        public boolean owns(Order order) {
            return id.equals(order.apiKeyId())
                    && (organization == null || organization.equals(order.organizationSlug()));
        }
    }

    /** The secret is shown once, when the key is created. */
    public record CreatedKey(String id, String name, String prefix, String secret) {
    }

    static final int MIN_CONFIGURED_LENGTH = 24;
    private static final String SECRET_PREFIX = "pk_";
    private static final int SHOWN_CHARACTERS = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final UtcClock clock;
    private final List<String> configured;

    public ApiKeys(JdbcClient jdbc, AuditLog audit, UtcClock clock, ApiProperties properties) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.configured = properties.keyList();
        for (String key : configured) {
            if (key.length() < MIN_CONFIGURED_LENGTH) {
                throw new IllegalStateException("passerelle.api.keys: each key must be at least " + MIN_CONFIGURED_LENGTH
                        + " characters long (key starting with " + prefix(key) + " is " + key.length() + ")");
            }
        }
    }

    /**
     * Configured keys get a stable id (from their hash) so that their orders stay theirs across restarts. Done once
     * every bean is ready (Flyway has migrated) and before the web server starts, so the first request can use them.
     */
    @Override
    @Transactional
    public void afterSingletonsInstantiated() {
        OffsetDateTime now = clock.now();
        List<String> hashes = configured.stream().map(AccessTokens::hash).toList();
        for (int i = 0; i < configured.size(); i++) {
            String hash = hashes.get(i);
            jdbc.sql("""
                    INSERT INTO api_keys (id, name, prefix, secret_hash, from_configuration, created_at)
                    SELECT :id, :name, :prefix, :hash, TRUE, :now
                    WHERE NOT EXISTS (SELECT 1 FROM api_keys WHERE secret_hash = :hash)
                    """)
                    .param("id", "cfg-" + hash.substring(0, 16)).param("name", "passerelle.api.keys[" + i + "]")
                    .param("prefix", prefix(configured.get(i))).param("hash", hash).param("now", now).update();
            jdbc.sql("UPDATE api_keys SET revoked_at = NULL WHERE secret_hash = :hash AND from_configuration = TRUE")
                    .param("hash", hash).update();
        }
        // a key removed from the configuration stops working
        jdbc.sql("UPDATE api_keys SET revoked_at = :now WHERE from_configuration = TRUE AND revoked_at IS NULL"
                        + (hashes.isEmpty() ? "" : " AND secret_hash NOT IN (:hashes)"))
                .param("now", now).param("hashes", hashes.isEmpty() ? List.of("") : hashes).update();
    }

    /** A key of the configured organization. */
    public CreatedKey create(String name, String actor) {
        return create(name, null, actor);
    }

    /** A key for the orders of {@code organization} (a linked association's slug; null: the configured one). */
    @Transactional
    public CreatedKey create(String name, String organization, String actor) {
        if (name == null || name.isBlank() || name.length() > 100 || !SafeText.isClean(name)) {
            throw new IllegalArgumentException("An API key needs a name of 1 to 100 characters");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String id = UUID.randomUUID().toString();
        jdbc.sql("""
                INSERT INTO api_keys (id, name, prefix, secret_hash, from_configuration, created_at, organization_slug)
                VALUES (:id, :name, :prefix, :hash, FALSE, :now, :organization)
                """)
                .param("organization", organization).param("id", id).param("name", name.strip()).param("prefix", prefix(secret))
                .param("hash", AccessTokens.hash(secret)).param("now", clock.now()).update();
        audit.record(AuditEvent.success(null, AuditAction.API_KEY_CREATED).actor(actor).message("API key " + prefix(secret) + " (" + name.strip()
                + ")" + (organization == null ? "" : " for " + organization) + " created by " + actor));
        return new CreatedKey(id, name.strip(), prefix(secret), secret);
    }

    public List<ApiKey> list() {
        return jdbc.sql("SELECT * FROM api_keys ORDER BY created_at, id")
                .query((rs, row) -> new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("prefix"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("revoked_at", OffsetDateTime.class),
                        rs.getBoolean("from_configuration"), rs.getString("organization_slug")))
                .list();
    }

    /** Keys from the configuration are removed there, not here. */
    @Transactional
    public boolean revoke(String id, String actor) {
        boolean revoked = jdbc.sql("""
                UPDATE api_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL AND from_configuration = FALSE
                """)
                .param("now", clock.now()).param("id", id).update() == 1;
        if (revoked) {
            audit.record(AuditEvent.success(null, AuditAction.API_KEY_REVOKED).actor(actor).message("API key " + id + " revoked by " + actor));
        }
        return revoked;
    }

    /** The active key with this secret. */
    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        // looked up by hash: the stored value is a digest, so the comparison reveals nothing about the secret
        return jdbc.sql("SELECT * FROM api_keys WHERE secret_hash = :hash AND revoked_at IS NULL")
                .param("hash", AccessTokens.hash(secret))
                .query((rs, row) -> new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("prefix"),
                        rs.getObject("created_at", OffsetDateTime.class), null, rs.getBoolean("from_configuration"),
                        rs.getString("organization_slug")))
                .optional();
    }

    private static String prefix(String secret) {
        return secret.substring(0, Math.min(SHOWN_CHARACTERS, secret.length() / 3)) + "…";
    }
}
