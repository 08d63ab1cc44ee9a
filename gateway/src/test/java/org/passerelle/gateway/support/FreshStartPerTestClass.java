package org.passerelle.gateway.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.passerelle.gateway.config.HelloAssoConfiguration.EmulatorHolder;
import org.passerelle.gateway.work.WorkQueue;
import org.passerelle.gateway.work.WorkQueues;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Test classes share a cached gateway (one context per set of properties), its clock and its database. So that a class
 * neither depends on which classes ran before it nor sees their work going on, before each class:
 * <ul>
 * <li>the attempts still under way in the work queues end, and every row earlier classes left waiting is set aside
 * (due in the year 9000), so no sweep of this class works it: a class's sweeps only ever see its own rows;</li>
 * <li>the test clock ({@link MutableClock}) is back to the machine's time, however far earlier classes moved it.</li>
 * </ul>
 * Registered for every Spring test in {@code META-INF/spring.factories}; contexts without these beans are left alone.
 */
public class FreshStartPerTestClass extends AbstractTestExecutionListener {

    /** Far enough that no test moves the clock there. */
    static final OffsetDateTime SET_ASIDE = OffsetDateTime.of(9000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;   // after a @DirtiesContext(BEFORE_CLASS) has had its say
    }

    @Override
    public void beforeTestClass(TestContext testContext) {
        ApplicationContext context = testContext.getApplicationContext();
        context.getBeanProvider(WorkQueues.class).ifAvailable(queues -> {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            setAside(queues, jdbc);
            // an attempt under way may plan its row's next try: set aside again once it has ended
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> queues.all().stream().allMatch(WorkQueue::idle));
            setAside(queues, jdbc);
        });
        context.getBeanProvider(MutableClock.class).ifAvailable(MutableClock::reset);
        // and HelloAsso's: a class that moved the emulator a day ahead dated the next class's payments tomorrow, so
        // that a report of today missed them once the machine's time was late in the evening (ConsoleLayoutIT)
        context.getBeanProvider(EmulatorHolder.class).ifAvailable(holder -> {
            if (holder.emulator() != null) {
                holder.emulator().control().resetClock();
            }
        });
    }

    private static void setAside(WorkQueues queues, JdbcClient jdbc) {
        for (WorkQueue queue : queues.all()) {
            WorkQueue.Spec spec = queue.spec();
            jdbc.sql("UPDATE " + spec.table() + " SET next_attempt_at = :aside WHERE status IN (:waiting)"
                    + " AND (next_attempt_at IS NULL OR next_attempt_at < :aside)").param("aside", SET_ASIDE).param("waiting", spec.waiting()).update();
        }
    }
}
