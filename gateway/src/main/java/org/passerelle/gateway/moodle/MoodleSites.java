package org.passerelle.gateway.moodle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.organization.Organization;
import org.passerelle.gateway.organization.Organizations;
import org.passerelle.gateway.secret.SecretBox;
import org.passerelle.gateway.secret.SecretHolder;
import org.passerelle.gateway.secret.StoredSecret;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which Moodle site serves an association (issue 18): the configured association's is {@code passerelle.moodle.*}, as
 * it always was; an association linked in partner mode has the one its ADMIN set in the console ({@code moodle_sites},
 * the token sealed by the {@link SecretBox} and re-sealed by the key rotation), or none and enrols nobody. Timeouts,
 * retry schedule and the API orders' metadata key stay the installation's ({@code passerelle.moodle.*}).
 */
@Component
public class MoodleSites implements SecretHolder {

    /** The key of the configured association's site ({@code passerelle.moodle.*}) in {@code moodle_enrolments}. */
    public static final String CONFIGURED = "";

    /** The same rule as {@code passerelle.moodle.url}: http(s), no trailing slash, no query. */
    static final Pattern URL = Pattern.compile("^https?://[^\\s?#]+[^/\\s?#]$");
    private static final Pattern NUMBER = Pattern.compile("^\\d{1,18}$");
    private static final Pattern TOKEN = Pattern.compile("^\\S{1,200}$");
    static final int MAX_DAYS = 36_500;

    /** What an ADMIN sends from the console; {@code token} blank keeps the stored one, {@code url} blank removes all. */
    public record Change(String url, String token, String roleId, boolean createUsers, String enrolmentDays,
            Map<String, String> courses) {

        @Override
        public String toString() {
            return "Change[" + url + "]";   // never the token
        }
    }

    /** A linked association's settings as the console shows them: the token only as "set". */
    public record Settings(String slug, String url, long roleId, boolean createUsers, Integer enrolmentDays,
            Map<String, Long> courses, String updatedBy, OffsetDateTime updatedAt) {
    }

    private record Cached(String url, String token, MoodleClient client) {
    }

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final MoodleProperties settings;
    private final HelloAssoSettings helloAsso;
    private final Organizations organizations;
    private final AuditLog audit;
    private final UtcClock clock;
    private final MoodleSite configured;
    private final Map<String, Cached> clients = new ConcurrentHashMap<>();

    public MoodleSites(JdbcClient jdbc, SecretBox box, MoodleProperties settings, HelloAssoSettings helloAsso,
            Organizations organizations, AuditLog audit, UtcClock clock) {
        this.organizations = organizations;
        this.jdbc = jdbc;
        this.box = box;
        this.settings = settings;
        this.helloAsso = helloAsso;
        this.audit = audit;
        this.clock = clock;
        this.configured = MoodleSite.configured(settings);
    }

    /**
     * The site key of what belongs to an organization: its slug for an association linked in partner mode (or
     * unlinked since: its orders keep its own site), else {@link #CONFIGURED} (null, the configured slug, or a slug
     * Passerelle does not know, as {@code OrganizationClients} reads them).
     */
    public String keyOf(String organizationSlug) {
        if (organizationSlug == null || organizationSlug.equals(helloAsso.organization())) {
            return CONFIGURED;
        }
        return organizations.find(organizationSlug)
                .filter(org -> org.connection() != Organization.Connection.CONFIGURED)
                .isPresent() ? organizationSlug : CONFIGURED;
    }

    /** The slug of the association a site key serves. */
    public String slugOf(String key) {
        return key.equals(CONFIGURED) ? helloAsso.organization() : key;
    }

    /** The Moodle site of an organization's orders, empty when it has none (it enrols nobody). */
    public Optional<MoodleSite> forOrganization(String organizationSlug) {
        return site(keyOf(organizationSlug));
    }

    /** The site of this key as it is set now (read each time: a change in the console applies on every instance). */
    public Optional<MoodleSite> site(String key) {
        if (key.equals(CONFIGURED)) {
            return settings.enabled() ? Optional.of(configured) : Optional.empty();
        }
        return jdbc.sql("SELECT * FROM moodle_sites WHERE organization_slug = :slug").param("slug", key)
                .query((rs, n) -> new MoodleSite(key, rs.getString("url"), box.open(rs.getString("token")),
                        rs.getLong("role_id"), rs.getBoolean("create_users"), days(rs), courses(key),
                        settings.metadataKey()))
                .optional();
    }

    /** The slugs of the associations whose Moodle was set in the console (linked or unlinked since). */
    public List<String> associationsWithSettings() {
        return jdbc.sql("SELECT organization_slug FROM moodle_sites ORDER BY organization_slug").query(String.class).list();
    }

    /** The client of a site, made once per URL and token. */
    MoodleClient client(MoodleSite site) {
        Cached cached = clients.get(site.key());
        if (cached == null || !cached.url().equals(site.url()) || !cached.token().equals(site.token())) {
            cached = new Cached(site.url(), site.token(), new MoodleClient(site.url(), site.token(),
                    settings.connectTimeout(), settings.requestTimeout()));
            clients.put(site.key(), cached);
        }
        return cached.client();
    }

    /** The configured association's settings ({@code passerelle.moodle.*}) as the console shows them; empty when off. */
    public Optional<Settings> configuredSettings() {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Duration period = settings.enrolmentPeriod();
        return Optional.of(new Settings(helloAsso.organization(), settings.url(), settings.roleId(),
                settings.createUsers(), period == null ? null : (int) period.toDays(), settings.courses(), null, null));
    }

    /** The linked association's settings for the console, empty when it has none. */
    public Optional<Settings> settingsOf(String slug) {
        return jdbc.sql("SELECT * FROM moodle_sites WHERE organization_slug = :slug").param("slug", slug)
                .query((rs, n) -> {
                    Duration period = days(rs);
                    return new Settings(slug, rs.getString("url"), rs.getLong("role_id"), rs.getBoolean("create_users"),
                            period == null ? null : (int) period.toDays(), courses(slug), rs.getString("updated_by"),
                            rs.getObject("updated_at", OffsetDateTime.class));
                }).optional();
    }

    /**
     * Checks and saves a linked association's settings (all or nothing); a blank URL removes them. Returns the
     * errors by field ({@code url}, {@code token}, {@code roleId}, {@code enrolmentDays}, {@code course.<offer>}:
     * message keys), empty when saved.
     */
    @Transactional
    public Map<String, String> save(String slug, Change change, String actor) {
        if (keyOf(slug).equals(CONFIGURED)) {
            throw new IllegalArgumentException("the configured association's Moodle is passerelle.moodle.*");
        }
        String url = change.url() == null ? "" : change.url().trim();
        Optional<Settings> before = settingsOf(slug);
        if (url.isEmpty()) {
            jdbc.sql("DELETE FROM moodle_site_courses WHERE organization_slug = :slug").param("slug", slug).update();
            boolean removed = jdbc.sql("DELETE FROM moodle_sites WHERE organization_slug = :slug").param("slug", slug)
                    .update() > 0;
            if (removed) {
                audit.record(AuditEvent.success(null, AuditAction.MOODLE_SETTINGS).actor(actor)
                        .message("Moodle settings of " + slug + " removed by " + actor + ": its orders enrol nobody"));
            }
            return Map.of();
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (url.length() > 500 || !URL.matcher(url).matches()) {
            errors.put("url", "moodle.settings.error.url");
        }
        String token = change.token() == null ? "" : change.token().trim();
        if (token.isEmpty() && before.isEmpty()) {
            errors.put("token", "moodle.settings.error.tokenRequired");
        } else if (!token.isEmpty() && !TOKEN.matcher(token).matches()) {
            errors.put("token", "moodle.settings.error.token");
        }
        Long roleId = positive(change.roleId());
        if (roleId == null) {
            errors.put("roleId", "moodle.settings.error.roleId");
        }
        String daysText = change.enrolmentDays() == null ? "" : change.enrolmentDays().trim();
        Long days = daysText.isEmpty() ? null : positive(daysText);
        if (!daysText.isEmpty() && (days == null || days > MAX_DAYS)) {
            errors.put("enrolmentDays", "moodle.settings.error.days");
        }
        Map<String, Long> courses = new LinkedHashMap<>();
        (change.courses() == null ? Map.<String, String>of() : change.courses()).forEach((offer, text) -> {
            String course = text == null ? "" : text.trim();
            if (course.isEmpty()) {
                return;
            }
            Long id = positive(course);
            if (id == null) {
                errors.put("course." + offer, "moodle.settings.error.course");
            } else {
                courses.put(offer, id);
            }
        });
        if (!errors.isEmpty()) {
            return errors;
        }
        OffsetDateTime now = clock.now();
        // a blank token keeps the stored one: an ADMIN never sees it back, only replaces it
        var update = jdbc.sql("UPDATE moodle_sites SET url = :url, " + (token.isEmpty() ? "" : "token = :token, ")
                + "role_id = :role, create_users = :create, enrolment_days = :days, updated_by = :by, updated_at = :now"
                + " WHERE organization_slug = :slug");
        if (!token.isEmpty()) {
            update = update.param("token", box.seal(token));
        }
        int updated = update.param("url", url).param("role", roleId)
                .param("create", change.createUsers()).param("days", days == null ? null : days.intValue())
                .param("by", actor).param("now", now).param("slug", slug).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO moodle_sites (organization_slug, url, token, role_id, create_users, enrolment_days,
                        updated_by, updated_at) VALUES (:slug, :url, :token, :role, :create, :days, :by, :now)
                    """).param("slug", slug).param("url", url).param("token", box.seal(token)).param("role", roleId)
                    .param("create", change.createUsers()).param("days", days == null ? null : days.intValue())
                    .param("by", actor).param("now", now).update();
        }
        jdbc.sql("DELETE FROM moodle_site_courses WHERE organization_slug = :slug").param("slug", slug).update();
        courses.forEach((offer, course) -> jdbc.sql("""
                INSERT INTO moodle_site_courses (organization_slug, offer_id, course_id) VALUES (:slug, :offer, :course)
                """).param("slug", slug).param("offer", offer).param("course", course).update());
        audit.record(AuditEvent.success(null, AuditAction.MOODLE_SETTINGS).actor(actor).message("Moodle settings of "
                + slug + " saved by " + actor + ": " + url + ", role " + roleId + ", create users " + change.createUsers()
                + ", period " + (days == null ? "no end" : days + " days") + ", courses " + courses + ", token "
                + (token.isEmpty() ? "kept" : before.isEmpty() ? "set" : "replaced")));
        return Map.of();
    }

    @Override
    public List<StoredSecret> storedSecrets() {
        return List.of(StoredSecret.column("moodle_sites", "organization_slug", "token"));
    }

    private Map<String, Long> courses(String slug) {
        Map<String, Long> courses = new LinkedHashMap<>();
        jdbc.sql("SELECT offer_id, course_id FROM moodle_site_courses WHERE organization_slug = :slug ORDER BY offer_id")
                .param("slug", slug).query((rs, n) -> Map.entry(rs.getString("offer_id"), rs.getLong("course_id")))
                .list().forEach(course -> courses.put(course.getKey(), course.getValue()));
        return courses;
    }

    private static Duration days(ResultSet rs) throws SQLException {
        Integer days = rs.getObject("enrolment_days", Integer.class);
        return days == null ? null : Duration.ofDays(days);
    }

    private static Long positive(String text) {
        String value = text == null ? "" : text.trim();
        if (!NUMBER.matcher(value).matches()) {
            return null;
        }
        long number = Long.parseLong(value);
        return number > 0 ? number : null;
    }
}
