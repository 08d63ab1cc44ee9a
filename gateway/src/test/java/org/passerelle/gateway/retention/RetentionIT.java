package org.passerelle.gateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.notification.InboxEntry.Status;
import org.passerelle.gateway.notification.NotificationInbox;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
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
    @Autowired
    OrderRepository orders;

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

    @Test
    void aPurgeDeletesWebhookDeliveriesNinetyDaysAfterTheyWereAcknowledgedAndNeverPendingOrGivenUpOnes() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String order = orders.insert(new NewOrder("offer", "Adhésion", 1000, false, Order.Payer.none(),
                "retention-it-" + java.util.UUID.randomUUID(), null, "demo"), "hash", now.minusDays(200)).id();
        jdbc.sql("INSERT INTO fulfilments (order_id, event, status, attempts, next_attempt_at, created_at, delivered_at,"
                + " event_key) VALUES (:o, 'order.paid', 'DELIVERED', 1, :at, :at, :at, '')")
                .param("o", order).param("at", now.minusDays(200)).update();
        long fulfilment = jdbc.sql("SELECT id FROM fulfilments WHERE order_id = :o").param("o", order)
                .query(Long.class).single();
        long oldDelivered = delivery(fulfilment, order, "old", "DELIVERED", now.minusDays(91));
        long keptDelivered = delivery(fulfilment, order, "kept", "DELIVERED", now.minusDays(89));
        long oldPending = delivery(fulfilment, order, "pending", "PENDING", null);
        long oldDead = delivery(fulfilment, order, "dead", "DEAD", null);

        Retention.Purged purged = retention.purge();

        assertThat(purged.deliveredWebhooks()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT id FROM webhook_deliveries WHERE endpoint_id LIKE 'retention-it-%'")
                .query(Long.class).list()).doesNotContain(oldDelivered).contains(keptDelivered, oldPending, oldDead);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM fulfilments WHERE id = :id").param("id", fulfilment)
                .query(Long.class).single()).as("the fulfilment stays: nothing is delivered twice").isOne();
        jdbc.sql("DELETE FROM webhook_deliveries WHERE endpoint_id LIKE 'retention-it-%'").update();
    }

    @Test
    void theDailyTaskFillsTheSearchColumnsOfAnOrderAnOlderInstanceStored() {
        String order = orders.insert(new NewOrder("offer", "Adhésion", 1000, false,
                new Order.Payer("Rolling", "Upgrade", "Rolling.Upgrade@Example.org", "FRA", null),
                "retention-it-" + java.util.UUID.randomUUID(), null, "demo"), "hash", OffsetDateTime.now(clock)).id();
        jdbc.sql("UPDATE orders SET search_email = NULL, search_name = NULL, search_name_reversed = NULL,"
                + " search_reference = NULL WHERE id = :id").param("id", order).update();

        retention.purge();

        assertThat(jdbc.sql("SELECT search_email || '|' || search_name || '|' || search_name_reversed FROM orders"
                + " WHERE id = :id").param("id", order).query(String.class).single())
                .isEqualTo("rolling.upgrade@example.org|rolling upgrade|upgrade rolling");
    }

    private long delivery(long fulfilment, String order, String name, String status, OffsetDateTime deliveredAt) {
        OffsetDateTime longAgo = OffsetDateTime.now(clock).minusDays(400);
        jdbc.sql("""
                INSERT INTO webhook_deliveries (fulfilment_id, order_id, endpoint_id, endpoint_url, event, event_key,
                    webhook_id, payload, status, attempts, next_attempt_at, delivered_at, created_at)
                VALUES (:f, :o, :endpoint, 'https://host.example/hook', 'order.paid', '', :webhook, '{}', :status, 1,
                    :nextAttempt, :deliveredAt, :longAgo)""")
                .param("f", fulfilment).param("o", order).param("endpoint", "retention-it-" + name)
                .param("webhook", "wh-retention-it-" + name).param("status", status).param("longAgo", longAgo)
                .param("deliveredAt", deliveredAt)
                // a pending one not due for the delivery worker
                .param("nextAttempt", status.equals("PENDING") ? longAgo.plusYears(2) : longAgo).update();
        return jdbc.sql("SELECT id FROM webhook_deliveries WHERE endpoint_id = :e").param("e", "retention-it-" + name)
                .query(Long.class).single();
    }

    private long event(String order, String action, String outcome, String actor, OffsetDateTime at) {
        jdbc.sql("INSERT INTO audit_events (order_id, action, outcome, actor, created_at) VALUES (:o, :a, :out, :actor, :at)")
                .param("o", order).param("a", action).param("out", outcome).param("actor", actor).param("at", at).update();
        return jdbc.sql("SELECT MAX(id) FROM audit_events WHERE order_id = :o").param("o", order).query(Long.class).single();
    }
}
