package org.passerelle.gateway.organization;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.secret.SecretBox;
import org.passerelle.gateway.secret.SecretHolder;
import org.passerelle.gateway.secret.StoredSecret;
import org.passerelle.gateway.connection.OrganizationNamed;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code organizations} table: the configured organization and the ones linked in partner mode. */
@Component
public class Organizations implements SecretHolder {

    private static final String COLUMNS = "slug, name, environment, connection_type, linked_by, linked_at,"
            + " notification_url_set_at, created_at";

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final UtcClock clock;

    public Organizations(JdbcClient jdbc, SecretBox box, UtcClock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.clock = clock;
    }

    /** The configured organization first, then the linked ones, oldest link first. */
    public List<Organization> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM organizations ORDER BY CASE connection_type WHEN 'CONFIGURED'"
                + " THEN 0 ELSE 1 END, linked_at, created_at, slug").query(this::row).list();
    }

    /** The associations linked in partner mode (not unlinked ones), in the order of {@link #list()}. */
    public List<Organization> linked() {
        return list().stream().filter(Organization::linked).toList();
    }

    public Optional<Organization> find(String slug) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM organizations WHERE slug = :slug").param("slug", slug)
                .query(this::row).optional();
    }

    /**
     * Records the configured organization if it is not yet (an install upgraded from one organization gets its row
     * at its first start). A row that exists is left as it is: an organization linked in partner mode stays so.
     */
    public void recordConfigured(String slug, String environment) {
        if (find(slug).isPresent()) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO organizations (slug, environment, connection_type, created_at)"
                            + " VALUES (:slug, :environment, 'CONFIGURED', :now)")
                    .param("slug", slug).param("environment", environment).param("now", clock.now()).update();
        } catch (DuplicateKeyException anotherInstanceDidIt) {
            // recorded by another instance starting at the same time
        }
    }

    /** The configured organization's name, as a check of its account read it from HelloAsso (renamed there: renamed here). */
    @EventListener
    void onNamed(OrganizationNamed named) {
        jdbc.sql("UPDATE organizations SET name = :name WHERE slug = :slug AND (name IS NULL OR name <> :name)")
                .param("slug", named.slug()).param("name", named.name()).update();
    }

    /**
     * Records an organization just linked in partner mode (or linked again): its name, who linked it, when. A row
     * for the configured organization keeps its connection: the configured client still serves it.
     */
    public void recordLinked(String slug, String name, String environment, String linkedBy) {
        OffsetDateTime now = clock.now();
        // an association unlinked earlier is a linked one again
        int updated = jdbc.sql("UPDATE organizations SET name = COALESCE(:name, name), linked_by = :by,"
                        + " linked_at = :now, connection_type = CASE connection_type WHEN 'UNLINKED' THEN 'PARTNER'"
                        + " ELSE connection_type END WHERE slug = :slug")
                .param("slug", slug).param("name", name).param("by", linkedBy).param("now", now).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO organizations (slug, name, environment, connection_type, linked_by, linked_at,"
                            + " created_at) VALUES (:slug, :name, :environment, 'PARTNER', :by, :now, :now)")
                    .param("slug", slug).param("name", name).param("environment", environment)
                    .param("by", linkedBy).param("now", now).update();
        }
    }

    /**
     * Unlinks an association linked in partner mode: Passerelle stops acting for it (its tokens are deleted, its
     * offers take no payment), its row, orders and history stay. False when it is not a linked association.
     */
    public boolean unlink(String slug) {
        int changed = jdbc.sql("UPDATE organizations SET connection_type = 'UNLINKED' WHERE slug = :slug"
                + " AND connection_type = 'PARTNER'").param("slug", slug).update();
        jdbc.sql("DELETE FROM organization_tokens WHERE organization_slug = :slug").param("slug", slug).update();
        return changed > 0;
    }

    /** The organization's notification URL was set at HelloAsso, which answered with this signature key. */
    public void recordNotificationUrl(String slug, String signatureKey) {
        jdbc.sql("UPDATE organizations SET notification_url_set_at = :now, notification_signature_key = :key"
                        + " WHERE slug = :slug")
                .param("slug", slug).param("key", box.seal(signatureKey)).param("now", clock.now()).update();
    }

    /** The key HelloAsso signs this organization's notifications with, if its URL was set through the partner. */
    public Optional<String> notificationSignatureKey(String slug) {
        return jdbc.sql("SELECT notification_signature_key FROM organizations WHERE slug = :slug")
                .param("slug", slug).query(String.class).list().stream().filter(java.util.Objects::nonNull).findFirst()
                .map(box::open);
    }

    /** The signature keys of the linked organizations' notification URLs. */
    public List<String> signatureKeys() {
        return jdbc.sql("SELECT notification_signature_key FROM organizations WHERE"
                        + " notification_signature_key IS NOT NULL")
                .query(String.class).list().stream().map(box::open).toList();
    }

    @Override
    public List<StoredSecret> storedSecrets() {
        return List.of(StoredSecret.column("organizations", "slug", "notification_signature_key"));
    }

    private Organization row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Organization(rs.getString("slug"), rs.getString("name"), rs.getString("environment"),
                Organization.Connection.valueOf(rs.getString("connection_type")), rs.getString("linked_by"),
                rs.getObject("linked_at", OffsetDateTime.class), rs.getObject("notification_url_set_at",
                OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class));
    }
}
