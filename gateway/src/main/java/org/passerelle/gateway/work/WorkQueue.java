package org.passerelle.gateway.work;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.passerelle.gateway.config.UtcClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One durable work queue over a table of its own (the fulfilment outbox, webhook deliveries, Moodle enrolments, the
 * notification inbox): the one claim, retry schedule, dead letter, stuck-lease sweep and metrics they share.
 *
 * <p>Each row carries {@code status}, {@code attempts}, {@code next_attempt_at}, {@code claimed_by} and
 * {@code claimed_until}. A row is worked only by whoever claimed it: one compare-and-set takes a due, waiting row whose
 * lease is free or expired and counts the attempt, so two instances on one database (or the after-commit trigger and
 * the sweep) never work it at the same time, and a lease left by a crashed instance expires and is taken over by the
 * next sweep. Ending an attempt ({@link #finish}) is a compare-and-set on the claimant and on statuses the queue's own
 * machine allows; what an attempt does, and the row's other columns, stay with the queue's owner.
 */
public final class WorkQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkQueue.class);

    /** One attempt on a claimed row; true when the work is done. It ends the attempt itself ({@link #finish}). */
    public interface Worker {
        boolean attempt(long id);
    }

    /** A further condition for claiming a row, checked in the claim's transaction (it may lock rows). */
    public interface ClaimGuard {
        boolean allows(long id, OffsetDateTime now);
    }

    /**
     * What a queue is: its name (metrics, logs), its table, the statuses its rows wait in, how long a claim holds,
     * its retry policy, at most {@code concurrency} attempts at once per value of {@code groupColumn} (the whole
     * queue when null), and an optional claim guard.
     */
    public record Spec(String name, String table, List<String> waiting, Duration lease, RetryPolicy retries,
            String groupColumn, int concurrency, ClaimGuard guard) {

        public static Spec of(String name, String table, List<String> waiting, Duration lease, RetryPolicy retries) {
            return new Spec(name, table, waiting, lease, retries, null, 4, null);
        }

        public Spec groupedBy(String column, int perGroup) {
            return new Spec(name, table, waiting, lease, retries, column, perGroup, guard);
        }

        public Spec concurrency(int atOnce) {
            return new Spec(name, table, waiting, lease, retries, groupColumn, atOnce, guard);
        }

        public Spec guardedBy(ClaimGuard claimGuard) {
            return new Spec(name, table, waiting, lease, retries, groupColumn, concurrency, claimGuard);
        }
    }

    /** A due row, and its group. */
    public record Due(long id, String group) {
    }

    private static final int BATCH = 200;

    private final Spec spec;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final UtcClock clock;
    private final String claimant = "instance-" + UUID.randomUUID();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    private final Counter attempts;
    private final Counter retries;
    private final Counter dead;
    private volatile Worker worker;

    WorkQueue(Spec spec, JdbcClient jdbc, TransactionTemplate transaction, UtcClock clock, MeterRegistry meters) {
        this.spec = spec;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.attempts = Counter.builder("passerelle.work.attempts").description("Attempts on claimed queue rows")
                .tag("queue", spec.name()).register(meters);
        this.retries = Counter.builder("passerelle.work.failures").description("Failed attempts on queue rows")
                .tag("queue", spec.name()).tag("outcome", "retry").register(meters);
        this.dead = Counter.builder("passerelle.work.failures").description("Failed attempts on queue rows")
                .tag("queue", spec.name()).tag("outcome", "dead").register(meters);
    }

    public Spec spec() {
        return spec;
    }

    /** True when no attempt is under way here, nor waiting for a slot (tests wait for it between test classes). */
    public boolean idle() {
        return queued.isEmpty();
    }

    /** Who claims for this instance: the {@code claimed_by} value this queue's own writes check. */
    public String claimant() {
        return claimant;
    }

    /** The queue is worked by {@code worker} from now on (no worker: the sweep does nothing, e.g. Moodle off). */
    public void workWith(Worker worker) {
        this.worker = worker;
    }

    /** Waiting rows that are due and nobody holds (their lease free or expired), oldest due first. */
    public List<Due> due(int limit) {
        String group = spec.groupColumn() == null ? "NULL" : spec.groupColumn();
        return jdbc.sql("SELECT id, " + group + " AS work_group FROM " + spec.table() + """
                 WHERE status IN (:waiting) AND next_attempt_at <= :now
                  AND (claimed_until IS NULL OR claimed_until < :now)
                ORDER BY next_attempt_at, id LIMIT :limit
                """)
                .param("waiting", spec.waiting()).param("now", clock.now()).param("limit", limit)
                .query((rs, row) -> new Due(rs.getLong("id"), rs.getString("work_group"))).list();
    }

    /** Starts every due row (each once, at most {@code concurrency} at a time per group), without waiting. */
    public void sweep() {
        if (worker == null) {
            return;
        }
        for (Due due : due(BATCH)) {
            dispatch(due);
        }
    }

    /** Starts one row now, without waiting (ungrouped queues). */
    public void kick(long id) {
        dispatch(new Due(id, null));
    }

    /** Starts one row once the caller's transaction has committed (it is written in it). */
    public void kickAfterCommit(long id) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("A queue row must be written in the transaction of its state change");
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                kick(id);
            }
        });
    }

    private void dispatch(Due due) {
        if (!queued.add(due.id())) {
            return;   // already waiting for a slot or under way here
        }
        Semaphore groupSlots = slots.computeIfAbsent(due.group() == null ? "" : due.group(),
                group -> new Semaphore(spec.concurrency()));
        try {
            workers.execute(() -> {
                groupSlots.acquireUninterruptibly();
                try {
                    attemptNow(due.id());
                } catch (RuntimeException e) {
                    // the lease runs out and a later sweep tries again
                    log.warn("Queue {}: attempt on row {} failed unexpectedly: {}", spec.name(), due.id(), e.toString());
                } finally {
                    groupSlots.release();
                    queued.remove(due.id());
                }
            });
        } catch (RuntimeException rejected) {
            queued.remove(due.id());   // shutting down: the next start sweeps it
        }
    }

    /** Claims the row and makes one attempt here and now; false when it was not claimable or the attempt failed. */
    public boolean attemptNow(long id) {
        Worker current = worker;
        if (current == null || !claim(id)) {
            return false;
        }
        attempts.increment();
        return current.attempt(id);
    }

    /**
     * Takes the row for one attempt, counting it, unless it is not waiting, not due, held by someone whose lease has
     * not expired, or the guard refuses. True when this instance now holds it for the queue's lease.
     */
    public boolean claim(long id) {
        if (spec.guard() == null) {
            return takeLease(id, clock.now());
        }
        return Boolean.TRUE.equals(transaction.execute(status -> {
            OffsetDateTime now = clock.now();
            return spec.guard().allows(id, now) && takeLease(id, now);
        }));
    }

    private boolean takeLease(long id, OffsetDateTime now) {
        return jdbc.sql("UPDATE " + spec.table() + """
                 SET claimed_by = :me, claimed_until = :until, attempts = attempts + 1
                WHERE id = :id AND status IN (:waiting) AND next_attempt_at <= :now
                  AND (claimed_until IS NULL OR claimed_until < :now)
                """)
                .param("me", claimant).param("until", now.plus(spec.lease())).param("id", id)
                .param("waiting", spec.waiting()).param("now", now).update() == 1;
    }

    /** What the failed attempt number {@code attempts} leads to under the queue's policy (counted in the metrics). */
    public RetryPolicy.Failure failed(int attemptsSoFar) {
        RetryPolicy.Failure failure = spec.retries().after(attemptsSoFar, clock.now());
        (failure.dead() ? dead : retries).increment();
        return failure;
    }

    /**
     * Ends this instance's attempt: the row moves to {@code status} from one of {@code from} (taken from the queue's
     * machine), its lease is released, and {@code sets} (e.g. {@code "delivered_at = :now"}; {@code :now} is bound)
     * are written with {@code params}. Nothing changes if another instance took the row over meanwhile; returns the
     * rows changed.
     */
    public int finish(long id, String status, List<String> from, String sets, Map<String, ?> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.putAll(Map.of("status", status, "from", from, "id", id, "me", claimant, "now", clock.now()));
        return jdbc.sql("UPDATE " + spec.table() + " SET status = :status, claimed_until = NULL"
                + (sets.isEmpty() ? "" : ", " + sets) + " WHERE id = :id AND claimed_by = :me AND status IN (:from)")
                .params(all).update();
    }

    /**
     * An administrator's "again": the row moves to {@code status}, due now with a fresh attempt count, from a finished
     * status ({@code finished}) or from a waiting one nobody holds ({@code waitingUnclaimed}). Returns whether it moved.
     */
    public boolean reopen(long id, String status, List<String> finished, List<String> waitingUnclaimed, String sets,
            Map<String, ?> params) {
        String finishedClause = finished.isEmpty() ? "FALSE" : "status IN (:finished)";
        String waitingClause = waitingUnclaimed.isEmpty() ? "FALSE"
                : "(status IN (:waiting) AND (claimed_until IS NULL OR claimed_until < :now))";
        Map<String, Object> all = new HashMap<>(params);
        all.putAll(Map.of("status", status, "finished", finished.isEmpty() ? List.of("") : finished,
                "waiting", waitingUnclaimed.isEmpty() ? List.of("") : waitingUnclaimed, "id", id, "now", clock.now()));
        return jdbc.sql("UPDATE " + spec.table() + " SET status = :status, attempts = 0, next_attempt_at = :now,"
                + " claimed_until = NULL" + (sets.isEmpty() ? "" : ", " + sets) + " WHERE id = :id AND (" + finishedClause + " OR " + waitingClause + ")")
                .params(all).update() == 1;
    }

    /** Cuts {@code text} to a column's size. */
    public static String bounded(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
