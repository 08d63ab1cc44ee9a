package org.passerelle.gateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.notification.InboxEntry.Status;
import org.passerelle.gateway.notification.NotificationInbox;
import org.passerelle.gateway.reconcile.ReconcileRuns;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/** A purge in the running gateway applies the default periods (its db-scheduler registration: TwoInstancesIT). */
class RetentionIT extends GatewayTestSupport {

    @Autowired
    Retention retention;
    @Autowired
    ReconcileRuns runs;
    @Autowired
    NotificationInbox inbox;

    @Test
    void aPurgeKeepsThirtyDaysOfRunsAndNinetyDaysOfFinishedNotifications() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        long oldRun = runs.start("SCHEDULED", null, "it", now.minusDays(31));
        long keptRun = runs.start("SCHEDULED", null, "it", now.minusDays(29));
        long oldEntry = inbox.store("retention-it-old", "{}", "", null, "Payment", Status.IGNORED, "x",
                now.minusDays(91)).id();
        long keptEntry = inbox.store("retention-it-kept", "{}", "", null, "Payment", Status.IGNORED, "x",
                now.minusDays(89)).id();
        long waiting = inbox.store("retention-it-waiting", "{}", "", null, "Payment", Status.RETRY, "x",
                now.minusDays(200)).id();
        jdbc.sql("UPDATE notification_inbox SET next_attempt_at = :later WHERE id = :id")   // not for the sweep
                .param("later", now.plusYears(1)).param("id", waiting).update();

        Retention.Purged purged = retention.purge();

        assertThat(purged.runs()).isGreaterThanOrEqualTo(1);
        assertThat(purged.notifications()).isGreaterThanOrEqualTo(1);
        assertThat(runs.latest(1000)).extracting(ReconcileRuns.Run::id).contains(keptRun).doesNotContain(oldRun);
        assertThat(inbox.find(oldEntry)).isEmpty();
        assertThat(inbox.find(keptEntry)).isPresent();
        assertThat(inbox.find(waiting)).as("awaiting a retry").isPresent();
        jdbc.sql("DELETE FROM notification_inbox WHERE id = :id").param("id", waiting).update();
    }

    @Test
    void aPurgeKeepsFourHundredDaysOfRoutineAuditEventsAndWhatADisputeNeedsForGood() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String order = "retention-it-order";
        long oldRoutine = event(order, "checkout.created", "success", null, now.minusDays(401));
        long oldVerifyError = event(order, "payment.verify", "error", null, now.minusDays(401));
        long keptRoutine = event(order, "checkout.created", "success", null, now.minusDays(399));
        long paid = event(order, "payment.verified", "success", null, now.minusDays(401));
        long refund = event(order, "refund.succeeded", "success", null, now.minusDays(500));
        long byAdmin = event(order, "order.note", "success", "tresoriere", now.minusDays(700));
        long fraud = event(order, "checkout.forged", "fraud_detected", null, now.minusDays(700));
        long enrolled = event(order, "moodle.enrolled", "success", null, now.minusDays(700));

        Retention.Purged purged = retention.purge();

        assertThat(purged.routineEvents()).isGreaterThanOrEqualTo(2);
        java.util.List<Long> left = jdbc.sql("SELECT id FROM audit_events WHERE order_id = :o").param("o", order)
                .query(Long.class).list();
        assertThat(left).doesNotContain(oldRoutine, oldVerifyError)
                .contains(keptRoutine, paid, refund, byAdmin, fraud, enrolled);
        jdbc.sql("DELETE FROM audit_events WHERE order_id = :o").param("o", order).update();
    }

    private long event(String order, String action, String outcome, String actor, OffsetDateTime at) {
        jdbc.sql("INSERT INTO audit_events (order_id, action, outcome, actor, created_at) VALUES (:o, :a, :out, :actor, :at)")
                .param("o", order).param("a", action).param("out", outcome).param("actor", actor).param("at", at).update();
        return jdbc.sql("SELECT MAX(id) FROM audit_events WHERE order_id = :o").param("o", order).query(Long.class).single();
    }
}
