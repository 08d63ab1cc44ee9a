package org.passerelle.gateway.reconcile;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code reconcile_runs} table: one row per cycle with its figures, for the logs' reader and the admin console. */
@Repository
public class ReconcileRuns {

    /** One cycle. {@code trigger} is SCHEDULED, MANUAL (admin) or BENCHMARK; {@code scheduledFor} null unless scheduled. */
    public record Run(long id, String trigger, OffsetDateTime scheduledFor, String instanceId, OffsetDateTime startedAt,
            OffsetDateTime finishedAt, int checked, int changed, int errors, int apiCalls, Long durationMs,
            String note) {
    }

    private final JdbcClient jdbc;

    public ReconcileRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long start(String trigger, Instant scheduledFor, String instanceId, OffsetDateTime startedAt) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO reconcile_runs (trigger_name, scheduled_for, instance_id, started_at)
                VALUES (:trigger, :scheduledFor, :instance, :started)
                """)
                .param("trigger", trigger)
                .param("scheduledFor", scheduledFor == null ? null : scheduledFor.atOffset(ZoneOffset.UTC))
                .param("instance", instanceId)
                .param("started", startedAt)
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    public void finish(long id, OffsetDateTime finishedAt, int checked, int changed, int errors, int apiCalls,
            long durationMs, String note) {
        jdbc.sql("""
                UPDATE reconcile_runs SET finished_at = :finished, checked = :checked, changed = :changed,
                    errors = :errors, api_calls = :calls, duration_ms = :duration, note = :note
                WHERE id = :id
                """)
                .param("finished", finishedAt).param("checked", checked).param("changed", changed)
                .param("errors", errors).param("calls", apiCalls).param("duration", durationMs)
                .param("note", note == null || note.length() <= 1000 ? note : note.substring(0, 1000))
                .param("id", id)
                .update();
    }

    /** The latest runs, newest first. */
    public List<Run> latest(int limit) {
        return jdbc.sql("SELECT * FROM reconcile_runs ORDER BY id DESC LIMIT :limit").param("limit", limit)
                .query((rs, row) -> new Run(rs.getLong("id"), rs.getString("trigger_name"),
                        rs.getObject("scheduled_for", OffsetDateTime.class), rs.getString("instance_id"),
                        rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("finished_at", OffsetDateTime.class), rs.getInt("checked"),
                        rs.getInt("changed"), rs.getInt("errors"), rs.getInt("api_calls"),
                        rs.getObject("duration_ms") == null ? null : rs.getLong("duration_ms"), rs.getString("note")))
                .list();
    }

    /** Deletes the runs started before {@code cutoff}; returns how many. */
    public int purgeStartedBefore(OffsetDateTime cutoff) {
        return jdbc.sql("DELETE FROM reconcile_runs WHERE started_at < :cutoff").param("cutoff", cutoff).update();
    }
}
