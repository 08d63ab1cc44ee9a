package org.passerelle.gateway.retention;

import java.time.OffsetDateTime;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.audit.AuditProperties;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.notification.NotificationInbox;
import org.passerelle.gateway.notification.NotificationProperties;
import org.passerelle.gateway.reconcile.ReconcileProperties;
import org.passerelle.gateway.reconcile.ReconcileRuns;
import org.passerelle.gateway.web.LimitProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes what only grows and is read for a while only: reconciliation runs older than
 * {@code passerelle.reconcile.keep-runs}, finished notification inbox entries older than
 * {@code passerelle.notifications.keep}, and anonymous failures in the audit log (bad links, forged returns, failed
 * logins: no order, no admin) older than {@code passerelle.limits.keep-anonymous-failures}, and the audit log's routine
 * events older than {@code passerelle.audit.keep-detailed} ({@link org.passerelle.gateway.audit.AuditRetention#KEPT} says what stays),
 * and webhook deliveries acknowledged longer than {@code passerelle.retention.keep-delivered-webhooks} ago. Orders, payments,
 * refunds and the audit events a dispute needs are never purged.
 */
@Component
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    /** What one purge deleted. */
    public record Purged(int runs, int notifications, int anonymousFailures, int routineEvents, int deliveredWebhooks) {
    }

    private final ReconcileRuns runs;
    private final NotificationInbox inbox;
    private final ReconcileProperties reconcile;
    private final NotificationProperties notifications;
    private final UtcClock clock;
    private final AuditLog audit;
    private final LimitProperties limits;
    private final AuditProperties auditSettings;
    private final WebhookDeliveryRetention webhooks;
    private final RetentionProperties settings;
    private final org.passerelle.gateway.order.OrderRepository orders;

    public Retention(ReconcileRuns runs, NotificationInbox inbox, ReconcileProperties reconcile,
            NotificationProperties notifications, UtcClock clock, AuditLog audit, LimitProperties limits,
            AuditProperties auditSettings, WebhookDeliveryRetention webhooks, RetentionProperties settings,
            org.passerelle.gateway.order.OrderRepository orders) {
        this.orders = orders;
        this.webhooks = webhooks;
        this.settings = settings;
        this.auditSettings = auditSettings;
        this.runs = runs;
        this.inbox = inbox;
        this.reconcile = reconcile;
        this.notifications = notifications;
        this.clock = clock;
        this.audit = audit;
        this.limits = limits;
    }

    public Purged purge() {
        OffsetDateTime now = clock.now();
        // not a purge, but daily upkeep too: orders a previous release's instance stored during a rolling upgrade
        int filled = orders.fillMissingSearchColumns();
        if (filled > 0) {
            log.info("Search columns filled for {} orders stored without them (rolling upgrade)", filled);
        }
        Purged purged = new Purged(runs.purgeStartedBefore(now.minus(reconcile.keepRuns())),
                inbox.purgeFinishedBefore(now.minus(notifications.keep())),
                audit.purgeAnonymousFailuresBefore(now.minus(limits.keepAnonymousFailures())),
                auditSettings.keepDetailed().isZero() ? 0
                        : audit.purgeRoutineBefore(now.minus(auditSettings.keepDetailed())),
                settings.keepDeliveredWebhooks().isZero() ? 0
                        : webhooks.purgeDeliveredBefore(now.minus(settings.keepDeliveredWebhooks())));
        log.info("Retention purge: {} reconciliation runs older than {}, {} finished notifications older than {},"
                + " {} anonymous failures older than {}, {} routine audit events older than {},"
                + " {} delivered webhook deliveries older than {} deleted", purged.runs(),
                reconcile.keepRuns(), purged.notifications(), notifications.keep(), purged.anonymousFailures(),
                limits.keepAnonymousFailures(), purged.routineEvents(),
                auditSettings.keepDetailed().isZero() ? "(kept forever)" : auditSettings.keepDetailed(),
                purged.deliveredWebhooks(),
                settings.keepDeliveredWebhooks().isZero() ? "(kept forever)" : settings.keepDeliveredWebhooks());
        return purged;
    }
}
