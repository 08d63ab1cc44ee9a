package org.passerelle.gateway.audit;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit log's retention: which events stay for good, and the batched purge of the others. */
public final class AuditRetention {

    /**
     * What the audit log keeps for good, whatever its age: the evidence a dispute or an accountant needs. Payments
     * read back from HelloAsso (and the duplicates and late payments found), refunds, instalments, cancellations,
     * access granted or taken back in Moodle, every fraud signal, and everything an admin did (an actor). The order
     * row itself keeps the summary (status, amounts, HelloAsso's ids, payment time, receipt). The rest is routine
     * (checkouts created, payers' returns, verifications attempted, notifications, deliveries and webhooks, Moodle
     * checks and retries, HelloAsso connection checks): detailed for {@code passerelle.audit.keep-detailed}, then
     * deleted.
     */
    public static final List<String> KEPT = List.of("payment.verified", "payment.duplicate", "payment.after_cancel",
            "refund.", "instalment", "order.cancelled", "moodle.enrolled", "moodle.unenrolled", "moodle.handled",
            "fraud.", "admin.", "api_key.", "offer.", "webhook.endpoint_");

    /** Rows deleted per statement by the purge: a first purge of millions of rows never holds one huge transaction. */
    static final int PURGE_BATCH = 5_000;

    /**
     * Deletes the routine events (not {@link #KEPT}, no actor, not a fraud signal) recorded before {@code before}, in
     * batches, oldest first, through the index on created_at; returns how many. Each day's purge walks the index
     * over the events kept for good once (about 2 per order older than the period: a second or two a day at a
     * million orders).
     */
    public int purgeRoutineBefore(OffsetDateTime before) {
        String routine = "created_at < :before AND actor IS NULL AND outcome <> 'fraud_detected'"
                + KEPT.stream().map(p -> " AND action NOT LIKE '" + p + "%'").reduce("", String::concat);
        int total = 0;
        OffsetDateTime from = OffsetDateTime.parse("1970-01-01T00:00:00Z");
        List<Object[]> batch;
        do {
            // the oldest ones first, from where the previous batch stopped (the events kept for good are walked
            // once, not once per batch), then deleted by primary key: each statement touches its batch only
            batch = jdbc.sql("SELECT id, created_at FROM audit_events WHERE created_at >= :from AND " + routine
                            + " ORDER BY created_at LIMIT :batch")
                    .param("from", from).param("before", before).param("batch", PURGE_BATCH)
                    .query((rs, row) -> new Object[] {rs.getLong("id"), rs.getObject("created_at", OffsetDateTime.class)})
                    .list();
            if (!batch.isEmpty()) {
                total += jdbc.sql("DELETE FROM audit_events WHERE id IN (:ids)")
                        .param("ids", batch.stream().map(row -> (Long) row[0]).toList()).update();
                from = (OffsetDateTime) batch.get(batch.size() - 1)[1];
            }
        } while (batch.size() == PURGE_BATCH);
        return total;
    }

    private final JdbcClient jdbc;

    public AuditRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }
}
