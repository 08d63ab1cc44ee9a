package org.passerelle.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.console.ConsoleScope;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Console accounts kept in the database: the first ADMIN (a super-admin, see {@link ConsoleScope}), chosen through a
 * one-time set-up link when the configuration names none (real mode), and the accounts a super-admin manages on the
 * console's Users page ({@link ConsoleUsers}). Only password hashes (bcrypt) and token hashes (SHA-256) are stored;
 * every instance reads the same rows, so the account works wherever the admin logs in, and a change of it applies at
 * its next request on any instance ({@link CurrentScopeFilter}).
 */
@Component
public class AdminAccounts implements AdminUsers.StoredAccounts {

    /** How long a set-up link stays usable; a restart prints a new one while no admin exists. */
    static final Duration LINK_VALIDITY = Duration.ofHours(24);
    /** A settings row that only the first account's creation can insert: two links used at once make one admin. */
    static final String FIRST_ACCOUNT_GUARD = "admin.first-account";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What using a set-up link ended with. */
    public enum Setup { CREATED, INVALID_LINK, ALREADY_DONE }

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final TransactionTemplate transaction;
    private final AuditLog audit;
    private final UtcClock clock;

    public AdminAccounts(JdbcClient jdbc, PasswordEncoder encoder, TransactionTemplate transaction, AuditLog audit,
            UtcClock clock) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.transaction = transaction;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean any() {
        return jdbc.sql("SELECT COUNT(*) FROM admin_accounts").query(Integer.class).single() > 0;
    }

    @Override
    public Optional<UserDetails> find(String username) {
        // one read, the account and its associations: it runs at every console request of a stored account
        // (CurrentScopeFilter), so that a change of roles applies at once
        record Row(String username, String hash, boolean superAdmin, boolean disabled, String slug, String role) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT a.username, a.password_hash, a.super_admin, a.disabled, o.organization_slug, o.role
                        FROM admin_accounts a LEFT JOIN admin_account_organizations o ON o.username = a.username
                        WHERE a.username = :username ORDER BY o.organization_slug""")
                .param("username", username)
                .query((rs, n) -> new Row(rs.getString("username"), rs.getString("password_hash"),
                        rs.getBoolean("super_admin"), rs.getBoolean("disabled"), rs.getString("organization_slug"),
                        rs.getString("role")))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row account = rows.getFirst();
        Map<String, String> roles = new LinkedHashMap<>();
        if (!account.superAdmin()) {
            rows.stream().filter(row -> row.slug() != null).forEach(row -> roles.put(row.slug(), row.role()));
        }
        return Optional.of(User.withUsername(account.username()).password(account.hash())
                .disabled(account.disabled())
                .authorities(ConsoleScope.authorities(account.superAdmin(), account.superAdmin(), roles)).build());
    }

    /** A new set-up link's token (shown once, only its hash is kept), valid {@link #LINK_VALIDITY}. */
    @Override
    public String newSetupToken() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        OffsetDateTime now = clock.now();
        jdbc.sql("INSERT INTO setup_links (token_hash, created_at, expires_at) VALUES (:hash, :now, :expires)")
                .param("hash", hash(token)).param("now", now).param("expires", now.plus(LINK_VALIDITY)).update();
        return token;
    }

    @Override
    public OffsetDateTime expiryOfNewLinks() {
        return clock.now().plus(LINK_VALIDITY);
    }

    /** Whether the link may still be used (unused, not expired) and no admin exists yet; changes nothing. */
    boolean isUsable(String token) {
        return token != null && !any() && jdbc.sql("""
                SELECT COUNT(*) FROM setup_links WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now""")
                .param("hash", hash(token)).param("now", clock.now()).query(Integer.class).single() > 0;
    }

    /** Uses the link (once) to create the first ADMIN; the password is hashed here. All or nothing. */
    Setup createFirstAdmin(String token, String username, String password, String clientIp) {
        OffsetDateTime now = clock.now();
        Setup result = transaction.execute(tx -> {
            int used = jdbc.sql("""
                    UPDATE setup_links SET used_at = :now
                    WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now""")
                    .param("hash", hash(token)).param("now", now).update();
            if (used == 0) {
                return Setup.INVALID_LINK;
            }
            try {
                jdbc.sql("INSERT INTO settings (name, setting_value, created_at) VALUES (:name, :value, :now)")
                        .param("name", FIRST_ACCOUNT_GUARD).param("value", username).param("now", now).update();
            } catch (DuplicateKeyException another) {
                tx.setRollbackOnly();
                return Setup.ALREADY_DONE;
            }
            jdbc.sql("""
                    INSERT INTO admin_accounts (username, password_hash, role, super_admin, created_at)
                    VALUES (:username, :hash, :role, TRUE, :now)""")
                    .param("username", username).param("hash", encoder.encode(password))
                    .param("role", ConsoleScope.ADMIN).param("now", now).update();
            return Setup.CREATED;
        });
        if (result == Setup.CREATED) {
            audit.record(AuditEvent.success(null, AuditAction.ADMIN_FIRST_ACCOUNT).actor(username).clientIp(clientIp)
                    .message("First admin account created with the set-up link"));
        } else {
            audit.record(AuditEvent.error(null, AuditAction.ADMIN_SETUP_LINK_REFUSED).clientIp(clientIp)
                    .message(result == Setup.ALREADY_DONE ? "An admin account already exists"
                            : "Set-up link unknown, already used or expired"));
        }
        return result;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
