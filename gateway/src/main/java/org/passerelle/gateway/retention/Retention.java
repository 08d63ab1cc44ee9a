package org.passerelle.gateway.retention;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.passerelle.gateway.notification.NotificationInbox;
import org.passerelle.gateway.notification.NotificationProperties;
import org.passerelle.gateway.reconcile.ReconcileProperties;
import org.passerelle.gateway.reconcile.ReconcileRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes what only grows and is read for a while only: reconciliation runs older than
 * {@code passerelle.reconcile.keep-runs} and finished notification inbox entries older than
 * {@code passerelle.notifications.keep}. Orders, payments, refunds and the audit log are never purged.
 */
@Component
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    /** What one purge deleted. */
    public record Purged(int runs, int notifications) {
    }

    private final ReconcileRuns runs;
    private final NotificationInbox inbox;
    private final ReconcileProperties reconcile;
    private final NotificationProperties notifications;
    private final Clock clock;

    public Retention(ReconcileRuns runs, NotificationInbox inbox, ReconcileProperties reconcile,
            NotificationProperties notifications, Clock clock) {
        this.runs = runs;
        this.inbox = inbox;
        this.reconcile = reconcile;
        this.notifications = notifications;
        this.clock = clock;
    }

    public Purged purge() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Purged purged = new Purged(runs.purgeStartedBefore(now.minus(reconcile.keepRuns())),
                inbox.purgeFinishedBefore(now.minus(notifications.keep())));
        log.info("Retention purge: {} reconciliation runs older than {}, {} finished notifications older than {} deleted",
                purged.runs(), reconcile.keepRuns(), purged.notifications(), notifications.keep());
        return purged;
    }
}
