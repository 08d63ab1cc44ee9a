package org.passerelle.gateway.reconcile;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The db-scheduler tasks, stored in the application's database ({@code scheduled_tasks}): whatever the number of
 * instances, each execution is picked by exactly one of them.
 */
@Configuration(proxyBeanMethods = false)
public class ReconcileTasks {

    public static final String CYCLE = "reconcile-cycle";
    public static final String FOLLOW_UP = "reconcile-follow-up";

    /** Every {@code passerelle.reconcile.interval} after the previous cycle ended; the first one an interval after start-up. */
    record EveryInterval(Duration interval) implements Schedule {

        @Override
        public Instant getNextExecutionTime(ExecutionComplete executionComplete) {
            return executionComplete.getTimeDone().plus(interval);
        }

        @Override
        public Instant getInitialExecutionTime(Instant now) {
            return now.plus(interval);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }

    @Bean
    RecurringTask<Void> reconcileCycleTask(ReconcileProperties settings, ReconcileService reconcile) {
        return Tasks.recurring(CYCLE, new EveryInterval(settings.interval()))
                .execute((instance, context) -> reconcile.run(ReconcileService.SCHEDULED,
                        context.getExecution().executionTime));
    }

    /** Instance id {@code {order id}/{step}}; no task data, so nothing to serialise. */
    @Bean
    OneTimeTask<Void> reconcileFollowUpTask(FollowUps followUps) {
        return Tasks.oneTime(FOLLOW_UP)
                .execute((instance, context) -> followUps.run(instance.getId()));
    }
}
