package org.passerelle.gateway.admin;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.console.ConsoleScope;
import org.passerelle.gateway.organization.Organizations;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The console accounts a super-admin manages from the console (issue 18, {@link AdminUsersController}): created with
 * a password (only its bcrypt hash kept), ADMIN or VIEWER per association, made super-admin or not, disabled or
 * deleted; each change audited with its actor. The installation never loses its last super-admin: the configuration's
 * counts, the stored ones are locked while one is taken away, and no super-admin takes away their own. A change
 * applies at the user's next request ({@link CurrentScopeFilter}). The configuration's users are not touched here.
 */
@Component
public class ConsoleUsers {

    /** What a change ended with; anything but DONE changed nothing. */
    public enum Outcome { DONE, NOT_FOUND, TAKEN, UNKNOWN_ORGANIZATION, SELF_REFUSED, LAST_SUPER_ADMIN_REFUSED }

    /** A stored account as the console lists it; {@code roles}: slug to ADMIN or VIEWER. */
    public record StoredUser(String username, boolean superAdmin, boolean disabled, OffsetDateTime createdAt,
                             Map<String, String> roles) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final TransactionTemplate transaction;
    private final AuditLog audit;
    private final UtcClock clock;
    private final AdminUsers users;
    private final Organizations organizations;

    ConsoleUsers(JdbcClient jdbc, PasswordEncoder encoder, TransactionTemplate transaction, AuditLog audit,
            UtcClock clock, AdminUsers users, Organizations organizations) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.transaction = transaction;
        this.audit = audit;
        this.clock = clock;
        this.users = users;
        this.organizations = organizations;
    }

    public List<StoredUser> list() {
        Map<String, List<String[]>> roles = new LinkedHashMap<>();
        jdbc.sql("SELECT username, organization_slug, role FROM admin_account_organizations ORDER BY organization_slug")
                .query((rs, n) -> roles.computeIfAbsent(rs.getString("username"), u -> new ArrayList<>())
                        .add(new String[] {rs.getString("organization_slug"), rs.getString("role")}))
                .list();
        return jdbc.sql("SELECT username, super_admin, disabled, created_at FROM admin_accounts ORDER BY username")
                .query((rs, n) -> {
                    Map<String, String> of = new LinkedHashMap<>();
                    roles.getOrDefault(rs.getString("username"), List.of()).forEach(r -> of.put(r[0], r[1]));
                    return new StoredUser(rs.getString("username"), rs.getBoolean("super_admin"),
                            rs.getBoolean("disabled"), rs.getObject("created_at", OffsetDateTime.class), of);
                })
                .list();
    }

    /** Whether a user of this name exists, in the configuration or the database, whatever the case. */
    public boolean taken(String username) {
        return users.isConfigured(username) || jdbc.sql(
                        "SELECT COUNT(*) FROM admin_accounts WHERE LOWER(username) = LOWER(:username)")
                .param("username", username).query(Integer.class).single() > 0;
    }

    public boolean knownOrganization(String slug) {
        return slug != null && organizations.find(slug).isPresent();
    }

    /**
     * A new account (checked by the caller: user name and password rules), of {@code organization} as {@code role}
     * when both are given. The password is hashed here and never recorded.
     */
    public Outcome create(String username, String password, String organization, String role, String actor,
            String clientIp) {
        boolean withRole = organization != null && !organization.isBlank();
        if (withRole && (!knownOrganization(organization) || !isRole(role))) {
            return Outcome.UNKNOWN_ORGANIZATION;
        }
        if (taken(username)) {
            return Outcome.TAKEN;
        }
        try {
            transaction.executeWithoutResult(tx -> {
                jdbc.sql("""
                        INSERT INTO admin_accounts (username, password_hash, role, super_admin, disabled, created_at)
                        VALUES (:username, :hash, :role, FALSE, FALSE, :now)""")
                        .param("username", username).param("hash", encoder.encode(password))
                        .param("role", withRole ? role : ConsoleScope.VIEWER).param("now", clock.now()).update();
                if (withRole) {
                    jdbc.sql("INSERT INTO admin_account_organizations (username, organization_slug, role)"
                                    + " VALUES (:username, :slug, :role)")
                            .param("username", username).param("slug", organization).param("role", role).update();
                }
            });
        } catch (DuplicateKeyException sameMoment) {
            return Outcome.TAKEN;
        }
        record(AuditAction.CONSOLE_USER_CREATED, actor, clientIp, "Console user " + username + " created"
                + (withRole ? ", " + role + " of " + organization : ", of no association yet"));
        return Outcome.DONE;
    }

    /** Makes the user ADMIN or VIEWER of the association, or of it no more ({@code role} null or empty). */
    public Outcome setRole(String username, String organization, String role, String actor, String clientIp) {
        boolean removing = role == null || role.isBlank();
        if (!removing && (!isRole(role) || !knownOrganization(organization))) {
            return Outcome.UNKNOWN_ORGANIZATION;
        }
        Outcome outcome = transaction.execute(tx -> {
            if (!lock(username)) {
                return Outcome.NOT_FOUND;
            }
            jdbc.sql("DELETE FROM admin_account_organizations WHERE username = :username AND organization_slug = :slug")
                    .param("username", username).param("slug", organization).update();
            if (!removing) {
                jdbc.sql("INSERT INTO admin_account_organizations (username, organization_slug, role)"
                                + " VALUES (:username, :slug, :role)")
                        .param("username", username).param("slug", organization).param("role", role).update();
            }
            keepSummaryRole(username);
            return Outcome.DONE;
        });
        if (outcome == Outcome.DONE) {
            record(AuditAction.CONSOLE_USER_ROLE_CHANGED, actor, clientIp, "Console user " + username
                    + (removing ? " no longer of " + organization : " now " + role + " of " + organization));
        }
        return outcome;
    }

    public Outcome setSuperAdmin(String username, boolean superAdmin, String actor, String clientIp) {
        Outcome outcome = transaction.execute(tx -> {
            if (!lock(username)) {
                return Outcome.NOT_FOUND;
            }
            if (!superAdmin) {
                Outcome kept = keepsASuperAdmin(username, actor);
                if (kept != Outcome.DONE) {
                    return kept;
                }
            }
            jdbc.sql("UPDATE admin_accounts SET super_admin = :superAdmin WHERE username = :username")
                    .param("superAdmin", superAdmin).param("username", username).update();
            keepSummaryRole(username);
            return Outcome.DONE;
        });
        if (outcome == Outcome.DONE) {
            record(AuditAction.CONSOLE_USER_SUPER_ADMIN_CHANGED, actor, clientIp, "Console user " + username
                    + (superAdmin ? " made super-admin" : " no longer super-admin"));
        }
        return outcome;
    }

    public Outcome setDisabled(String username, boolean disabled, String actor, String clientIp) {
        Outcome outcome = transaction.execute(tx -> {
            if (!lock(username)) {
                return Outcome.NOT_FOUND;
            }
            if (disabled) {
                Outcome kept = keepsASuperAdmin(username, actor);
                if (kept != Outcome.DONE) {
                    return kept;
                }
            }
            jdbc.sql("UPDATE admin_accounts SET disabled = :disabled WHERE username = :username")
                    .param("disabled", disabled).param("username", username).update();
            return Outcome.DONE;
        });
        if (outcome == Outcome.DONE) {
            record(disabled ? AuditAction.CONSOLE_USER_DISABLED : AuditAction.CONSOLE_USER_ENABLED, actor, clientIp,
                    "Console user " + username + (disabled ? " disabled" : " enabled again"));
        }
        return outcome;
    }

    public Outcome delete(String username, String actor, String clientIp) {
        Outcome outcome = transaction.execute(tx -> {
            if (!lock(username)) {
                return Outcome.NOT_FOUND;
            }
            Outcome kept = keepsASuperAdmin(username, actor);
            if (kept != Outcome.DONE) {
                return kept;
            }
            jdbc.sql("DELETE FROM admin_account_organizations WHERE username = :username")
                    .param("username", username).update();
            jdbc.sql("DELETE FROM admin_accounts WHERE username = :username").param("username", username).update();
            return Outcome.DONE;
        });
        if (outcome == Outcome.DONE) {
            record(AuditAction.CONSOLE_USER_DELETED, actor, clientIp, "Console user " + username + " deleted");
        }
        return outcome;
    }

    /** Locks the account's row for this change; false when there is no such stored account. */
    private boolean lock(String username) {
        return !jdbc.sql("SELECT username FROM admin_accounts WHERE username = :username FOR UPDATE")
                .param("username", username).query(String.class).list().isEmpty();
    }

    /**
     * Whether the user may stop being a super-admin (unmade, disabled or deleted): never the actor themselves, and
     * never the last one. The super-admins' rows stay locked until the change is written, so two super-admins
     * taking each other's status at the same moment cannot both succeed.
     */
    private Outcome keepsASuperAdmin(String username, String actor) {
        if (username.equalsIgnoreCase(actor)) {
            return Outcome.SELF_REFUSED;
        }
        List<String> superAdmins = jdbc.sql(
                        "SELECT username FROM admin_accounts WHERE super_admin = TRUE AND disabled = FALSE FOR UPDATE")
                .query(String.class).list();
        if (superAdmins.contains(username) && users.configuredSuperAdmins() + superAdmins.size() - 1 < 1) {
            return Outcome.LAST_SUPER_ADMIN_REFUSED;
        }
        return Outcome.DONE;
    }

    /** The account's former single role, kept meaningful: ADMIN when it may act somewhere, else VIEWER. */
    private void keepSummaryRole(String username) {
        jdbc.sql("""
                UPDATE admin_accounts SET role = CASE WHEN super_admin OR EXISTS (
                    SELECT 1 FROM admin_account_organizations o
                    WHERE o.username = admin_accounts.username AND o.role = 'ADMIN') THEN 'ADMIN' ELSE 'VIEWER' END
                WHERE username = :username""").param("username", username).update();
    }

    private static boolean isRole(String role) {
        return ConsoleScope.ADMIN.equals(role) || ConsoleScope.VIEWER.equals(role);
    }

    private void record(AuditAction action, String actor, String clientIp, String message) {
        audit.record(AuditEvent.success(null, action).actor(actor).clientIp(clientIp).message(message));
    }
}
