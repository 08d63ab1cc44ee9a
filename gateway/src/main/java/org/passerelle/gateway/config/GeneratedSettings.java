package org.passerelle.gateway.config;

import java.security.SecureRandom;
import java.util.Base64;
import org.passerelle.gateway.secret.SecretBox;
import org.passerelle.gateway.secret.SecretKeyException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Secrets generated once and shared by every instance through the database (the first instance to insert wins),
 * stored encrypted ({@link SecretBox}). Their owners list them as {@code StoredSecret.setting(name)} for the key
 * rotation. Owners read them once, at start: never inside a transaction, where an instance losing the race to insert
 * one would have its transaction aborted by PostgreSQL (and a rollback would forget a key already in use).
 */
@Component
public class GeneratedSettings {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final UtcClock clock;

    public GeneratedSettings(JdbcClient jdbc, SecretBox box, UtcClock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.clock = clock;
    }

    /** The stored value, or a new random one (256 bits, base64url) stored now. */
    public String getOrGenerate(String name) {
        String existing = read(name);
        if (existing != null) {
            return existing;
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("The setting " + name + " is generated at start, not inside a transaction");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        try {
            jdbc.sql("INSERT INTO settings (name, setting_value, created_at) VALUES (:name, :value, :now)")
                    .param("name", name)
                    .param("value", box.seal(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)))
                    .param("now", clock.now())
                    .update();
        } catch (DuplicateKeyException raced) {
            // another instance stored it first: use theirs
        }
        return read(name);
    }

    private String read(String name) {
        String stored = jdbc.sql("SELECT setting_value FROM settings WHERE name = :name").param("name", name)
                .query(String.class).optional().orElse(null);
        try {
            return box.open(stored);
        } catch (SecretKeyException e) {
            throw new SecretKeyException(e.problem() + " It is settings.setting_value (name " + name + ").",
                    e.action(), e);
        }
    }
}
