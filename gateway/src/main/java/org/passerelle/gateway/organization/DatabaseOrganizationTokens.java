package org.passerelle.gateway.organization;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.secret.SecretBox;
import org.passerelle.gateway.secret.SecretHolder;
import org.passerelle.gateway.secret.StoredSecret;
import org.passerelle.helloasso.OrganizationToken;
import org.passerelle.helloasso.OrganizationTokenStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The partner's tokens for each linked organization, in {@code organization_tokens}, both tokens sealed. Every
 * {@link #save} is one auto-committed statement, so the rotated refresh token is in the database before the client
 * uses the new access token; {@link #load} always reads the database, so instances sharing it see each other's
 * rotations.
 */
@Component
public class DatabaseOrganizationTokens implements OrganizationTokenStore, SecretHolder {

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final UtcClock clock;

    public DatabaseOrganizationTokens(JdbcClient jdbc, SecretBox box, UtcClock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.clock = clock;
    }

    @Override
    public Optional<OrganizationToken> load(String organizationSlug) {
        return jdbc.sql("SELECT organization_slug, access_token, refresh_token, obtained_at, expires_at"
                        + " FROM organization_tokens WHERE organization_slug = :slug")
                .param("slug", organizationSlug)
                .query((rs, n) -> new OrganizationToken(rs.getString("organization_slug"),
                        box.open(rs.getString("access_token")), box.open(rs.getString("refresh_token")),
                        rs.getObject("obtained_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    @Override
    public void save(OrganizationToken token) {
        if (update(token) == 0) {
            try {
                bound(jdbc.sql("INSERT INTO organization_tokens (organization_slug, access_token, refresh_token,"
                        + " obtained_at, expires_at, updated_at) VALUES (:slug, :access, :refresh, :obtained, :expires, :now)"),
                        token).update();
            } catch (DuplicateKeyException insertedMeanwhile) {
                update(token);
            }
        }
    }

    private int update(OrganizationToken token) {
        return bound(jdbc.sql("UPDATE organization_tokens SET access_token = :access, refresh_token = :refresh,"
                + " obtained_at = :obtained, expires_at = :expires, updated_at = :now WHERE organization_slug = :slug"),
                token).update();
    }

    /** The token's values, the two tokens sealed. */
    private JdbcClient.StatementSpec bound(JdbcClient.StatementSpec sql, OrganizationToken token) {
        return sql.param("slug", token.organizationSlug())
                .param("access", box.seal(token.accessToken()))
                .param("refresh", box.seal(token.refreshToken()))
                .param("obtained", utc(token.obtainedAt()))
                .param("expires", utc(token.expiresAt()))
                .param("now", clock.now());
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public List<StoredSecret> storedSecrets() {
        return List.of(StoredSecret.column("organization_tokens", "organization_slug", "access_token"),
                StoredSecret.column("organization_tokens", "organization_slug", "refresh_token"));
    }

    @Override
    public String toString() {
        return "DatabaseOrganizationTokens";
    }
}
