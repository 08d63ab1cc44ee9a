package org.passerelle.gateway.admin;

import com.github.kagkarlsson.scheduler.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.passerelle.gateway.reconcile.ReconcileProperties;
import org.passerelle.gateway.reconcile.ReconcileTasks;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code scheduler} in /actuator/health: the reconciliation cycle is scheduled (db-scheduler, shared by every
 * instance) and not overdue. DOWN when its next execution is more than two intervals late; UNKNOWN when the scheduler
 * is disabled in this instance.
 */
@Component("schedulerHealthIndicator")
class SchedulerHealth implements HealthIndicator {

    private final ObjectProvider<Scheduler> scheduler;
    private final JdbcClient jdbc;
    private final ReconcileProperties reconcile;
    private final Clock clock;

    SchedulerHealth(ObjectProvider<Scheduler> scheduler, JdbcClient jdbc, ReconcileProperties reconcile, Clock clock) {
        this.scheduler = scheduler;
        this.jdbc = jdbc;
        this.reconcile = reconcile;
        this.clock = clock;
    }

    @Override
    public Health health() {
        if (scheduler.getIfAvailable() == null) {
            return Health.unknown().withDetail("scheduler", "disabled in this instance (db-scheduler.enabled=false)").build();
        }
        record Row(OffsetDateTime executionTime, boolean picked, OffsetDateTime lastSuccess, OffsetDateTime lastFailure,
                int consecutiveFailures) {
        }
        var row = jdbc.sql("SELECT execution_time, picked, last_success, last_failure, consecutive_failures"
                        + " FROM scheduled_tasks WHERE task_name = :task")
                .param("task", ReconcileTasks.CYCLE)
                .query((rs, i) -> new Row(rs.getObject("execution_time", OffsetDateTime.class), rs.getBoolean("picked"),
                        rs.getObject("last_success", OffsetDateTime.class),
                        rs.getObject("last_failure", OffsetDateTime.class), rs.getInt("consecutive_failures")))
                .optional();
        if (row.isEmpty()) {
            return Health.down().withDetail("reconciliation", "not scheduled").build();
        }
        Row cycle = row.get();
        Duration late = Duration.between(cycle.executionTime().toInstant(), clock.instant());
        boolean overdue = !cycle.picked() && late.compareTo(reconcile.interval().multipliedBy(2).plusMinutes(1)) > 0;
        Health.Builder health = overdue ? Health.down() : Health.up();
        health.withDetail("nextReconciliation", cycle.executionTime().toString())
                .withDetail("consecutiveFailures", cycle.consecutiveFailures());
        if (cycle.lastSuccess() != null) {
            health.withDetail("lastSuccess", cycle.lastSuccess().toString());
        }
        if (cycle.lastFailure() != null) {
            health.withDetail("lastFailure", cycle.lastFailure().toString());
        }
        return health.build();
    }
}
