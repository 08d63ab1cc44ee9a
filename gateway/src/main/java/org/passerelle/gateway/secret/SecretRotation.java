package org.passerelle.gateway.secret;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At every start, before requests are served: each stored secret is opened, and sealed again under the current key
 * when it was stored in clear (before encryption existed) or under a previous key. That is the whole rotation: set the
 * new key, keep the old one in {@code passerelle.secrets.previous-keys} for one start, then remove it. A value no
 * configured key opens stops the start with a message naming the setting, instead of failing later. Batched, and
 * safe with several instances starting at once: a row is only replaced if it still holds the value read.
 */
@Component
public class SecretRotation implements SmartInitializingSingleton {

    static final int BATCH = 100;
    private static final Logger log = LoggerFactory.getLogger(SecretRotation.class);

    /** What a pass found: values already under the current key, and values sealed again (stored in clear, or not). */
    public record Result(int current, int fromPlaintext, int fromPreviousKey) {
    }

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final ObjectProvider<SecretHolder> holders;

    public SecretRotation(JdbcClient jdbc, SecretBox box, ObjectProvider<SecretHolder> holders) {
        this.jdbc = jdbc;
        this.box = box;
        this.holders = holders;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Result result = rotate();
        if (result.fromPlaintext() + result.fromPreviousKey() > 0) {
            log.info("Secrets at rest: {} stored secret(s) encrypted under key id {} ({} stored in clear before, {}"
                    + " under a previous key); {} already were.", result.fromPlaintext() + result.fromPreviousKey(),
                    box.currentKeyId(), result.fromPlaintext(), result.fromPreviousKey(), result.current());
        } else {
            log.debug("Secrets at rest: all {} stored secret(s) under key id {}", result.current(), box.currentKeyId());
        }
    }

    public Result rotate() {
        int[] counts = new int[3];
        for (SecretHolder holder : holders.orderedStream().toList()) {
            for (StoredSecret column : holder.storedSecrets()) {
                rotate(column, counts);
            }
        }
        return new Result(counts[0], counts[1], counts[2]);
    }

    private void rotate(StoredSecret column, int[] counts) {
        String select = "SELECT " + column.idColumn() + " AS id, " + column.valueColumn() + " AS val FROM "
                + column.table() + " WHERE " + column.idColumn() + " > :after"
                + (column.onlyId() == null ? "" : " AND " + column.idColumn() + " = :only")
                + " ORDER BY " + column.idColumn() + " FETCH FIRST " + BATCH + " ROWS ONLY";
        String update = "UPDATE " + column.table() + " SET " + column.valueColumn() + " = :sealed WHERE "
                + column.idColumn() + " = :id AND " + column.valueColumn() + " = :stored";
        String after = "";
        while (true) {
            var query = jdbc.sql(select).param("after", after);
            if (column.onlyId() != null) {
                query = query.param("only", column.onlyId());
            }
            List<String[]> rows = query.query((rs, n) -> new String[] {rs.getString("id"), rs.getString("val")}).list();
            for (String[] row : rows) {
                String stored = row[1];
                if (stored == null || box.isCurrent(stored)) {
                    counts[0]++;
                    continue;
                }
                String plaintext;
                try {
                    plaintext = box.open(stored);
                } catch (SecretKeyException e) {
                    throw new SecretKeyException(e.problem() + " It is " + column.where(row[0]) + ".", e.action(), e);
                }
                // another instance may have sealed it meanwhile: then its value stays (0 rows), just as good
                jdbc.sql(update).param("sealed", box.seal(plaintext)).param("id", row[0]).param("stored", stored)
                        .update();
                counts[SecretBox.isSealed(stored) ? 2 : 1]++;
            }
            if (rows.size() < BATCH) {
                return;
            }
            after = rows.getLast()[0];
        }
    }
}
