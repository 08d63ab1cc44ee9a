package org.passerelle.gateway.retention;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The daily purge, a db-scheduler recurring task: one execution a day whatever the number of instances. */
@Configuration(proxyBeanMethods = false)
public class RetentionTask {

    public static final String NAME = "retention-purge";

    @Bean
    RecurringTask<Void> retentionPurgeTask(Retention retention) {
        return Tasks.recurring(NAME, Schedules.fixedDelay(Duration.ofDays(1)))
                .execute((instance, context) -> retention.purge());
    }
}
