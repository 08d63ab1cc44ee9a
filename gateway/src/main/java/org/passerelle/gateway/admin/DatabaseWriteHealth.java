package org.passerelle.gateway.admin;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.passerelle.gateway.config.UtcClock;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code databaseWrite} in /actuator/health and in the readiness group: one committed UPDATE of the one-row
 * {@code health_probe} table (a primary key and a CHECK constraint, like every table orders are written to). A
 * database that still answers SELECTs but refuses writes (a full disk, a read-only replica, H2 2.4.240's closed-session
 * constraints) takes the instance out of the load balancer instead of answering 500 to every payer while "UP".
 * The result is reused for one second, so that a flood of public health requests costs at most one write a second.
 */
@Component("databaseWriteHealthIndicator")
public class DatabaseWriteHealth implements HealthIndicator {

    static final Duration REUSE = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final UtcClock clock;
    private final String instance = "instance-" + UUID.randomUUID();
    private volatile Checked last;

    private record Checked(long atNanos, Health health) {
    }

    DatabaseWriteHealth(JdbcClient jdbc, PlatformTransactionManager transactions, UtcClock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setTimeout((int) TIMEOUT.toSeconds());
        this.clock = clock;
    }

    @Override
    public Health health() {
        Checked previous = last;
        long now = System.nanoTime();
        if (previous != null && now - previous.atNanos() < REUSE.toNanos()) {
            return previous.health();
        }
        Health health = probe();
        last = new Checked(System.nanoTime(), health);
        return health;
    }

    private Health probe() {
        OffsetDateTime now = clock.now();
        long started = System.nanoTime();
        try {
            transaction.executeWithoutResult(status -> {
                int rows = jdbc.sql("UPDATE health_probe SET checked_by = :me, checked_at = :now WHERE probe = 'write'")
                        .param("me", instance).param("now", now).update();
                if (rows == 0) {   // the row the migration wrote was deleted by hand: write it again
                    jdbc.sql("INSERT INTO health_probe (probe, checked_by, checked_at) VALUES ('write', :me, :now)")
                            .param("me", instance).param("now", now).update();
                }
            });
            return Health.up().withDetail("writeMillis", Duration.ofNanos(System.nanoTime() - started).toMillis())
                    .build();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return Health.down().withDetail("error", root.getClass().getSimpleName() + ": "
                    + String.valueOf(root.getMessage()).lines().findFirst().orElse("")).build();
        }
    }
}
