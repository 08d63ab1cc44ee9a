package org.passerelle.gateway.refund;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The refund sweep as a db-scheduler task: one instance runs it at a time, whatever the number of instances. */
@Configuration(proxyBeanMethods = false)
public class RefundTasks {

    public static final String SWEEP = "refund-sweep";

    @Bean
    RecurringTask<Void> refundSweepTask(RefundProperties settings, RefundSweep sweep) {
        return Tasks.recurring(SWEEP, FixedDelay.of(settings.sweepInterval()))
                .execute((instance, context) -> sweep.run());
    }
}
