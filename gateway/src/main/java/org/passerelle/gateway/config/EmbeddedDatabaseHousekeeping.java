package org.passerelle.gateway.config;

import java.sql.Connection;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The embedded H2 database writes each commit to its file before returning ({@code WRITE_DELAY=0} in the default URL:
 * a killed process loses nothing). H2 then runs no background thread, and that thread is also what rewrites its
 * half-empty chunks: without it the file grew by about 200 KB per order, for ever (soak run, docs/benchmarks.md). This
 * does that housekeeping instead: every {@code passerelle.embedded-database.housekeeping-interval} (10 s), the chunks less
 * than half full are rewritten (a few MB at most, in milliseconds), so that the space they held is reused.
 */
@Component
@ConditionalOnExpression("'${spring.datasource.url:}'.startsWith('jdbc:h2:file:')")
class EmbeddedDatabaseHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseHousekeeping.class);
    /** Chunks filled less than this (percent) are rewritten. */
    static final int TARGET_FILL_RATE = 50;
    /** At most this much is rewritten at a time. */
    static final int WRITE_LIMIT = 8 << 20;

    private final DataSource dataSource;
    private volatile boolean unavailable;

    EmbeddedDatabaseHousekeeping(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Scheduled(fixedDelayString = "${passerelle.embedded-database.housekeeping-interval:10s}",
            initialDelayString = "${passerelle.embedded-database.housekeeping-interval:10s}")
    public void compact() {
        if (unavailable) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase()
                    .getStore().getMvStore();
            long started = System.nanoTime();
            boolean rewritten = store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
            log.debug("Embedded database housekeeping: rewritten={}, {} ms, fill rate {}%", rewritten,
                    (System.nanoTime() - started) / 1_000_000, store.getFillRate());
        } catch (Exception | LinkageError e) {
            // another H2 than the one pinned in the POM, or another store: say so once and leave H2 to itself
            unavailable = true;
            log.warn("Embedded database housekeeping disabled: {}", e.toString());
        }
    }
}
