package org.passerelle.gateway.work;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.passerelle.gateway.config.UtcClock;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Makes the gateway's work queues (one per table that holds queued work). */
@Component
public class WorkQueues implements DisposableBean {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final UtcClock clock;
    private final MeterRegistry meters;
    private final List<WorkQueue> created = new CopyOnWriteArrayList<>();

    @Autowired
    public WorkQueues(JdbcClient jdbc, TransactionTemplate transaction, UtcClock clock,
            ObjectProvider<MeterRegistry> meters) {
        this(jdbc, transaction, clock, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    public WorkQueues(JdbcClient jdbc, TransactionTemplate transaction, UtcClock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.meters = meters;
    }

    public WorkQueue create(WorkQueue.Spec spec) {
        WorkQueue queue = new WorkQueue(spec, jdbc, transaction, clock, meters);
        created.add(queue);
        return queue;
    }

    /** Every queue made so far. */
    public List<WorkQueue> all() {
        return List.copyOf(created);
    }

    /** Stops every queue's attempts under way (their leases expire; another instance, or the next start, goes on). */
    @Override
    public void destroy() {
        created.forEach(WorkQueue::close);
    }
}
