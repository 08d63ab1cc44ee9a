package org.passerelle.gateway.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.passerelle.gateway.moodle.MoodleEnrolments;
import org.passerelle.gateway.moodle.MoodleSites;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.organization.OrganizationClients;
import org.passerelle.gateway.reconcile.ReconcileRuns;
import org.passerelle.gateway.webhook.WebhookDeliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The gauges read from the database at scrape time (one snapshot reused for a few seconds, so that a scrape costs a
 * handful of small queries whatever the number of gauges; the orders by status, which grow with the table, once a
 * minute when counting them gets slow): {@code passerelle_orders{organization,status}}, the oldest pending order's
 * age, the Moodle enrolments needing action by association ({@code organization}), the notification inbox, fulfilment
 * and webhook queue depths, and the reconciliation's lag (time since the last finished run) and last duration.
 */
@Component
public class GatewayMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(GatewayMetrics.class);
    private static final Duration FRESH = Duration.ofSeconds(5);
    /**
     * Orders by status are counted by a grouped read of the index on status and organization alone (an index-only
     * scan, never the table: {@link AdminQueries#countsByOrganizationAndStatus}), which still grows with the table:
     * when that takes longer than {@link #SLOW_COUNT} (hundreds of thousands of orders), the counts are kept a minute;
     * the other gauges read small queues and stay fresh within seconds.
     */
    static final Duration ORDER_COUNTS_FRESH = Duration.ofSeconds(60);
    static final Duration SLOW_COUNT = Duration.ofMillis(50);

    record Snapshot(Instant at, Map<String, Map<OrderStatus, Long>> orders, double oldestPendingAge, long inbox,
            long fulfilmentsPending, long fulfilmentsDead, long webhooksPending, long webhooksDead,
            Map<String, Long> moodleNeedingAction, double reconcileLag, double reconcileDuration) {
    }

    private final AdminQueries queries;
    private final ReconcileRuns runs;
    private final Clock clock;
    private final WebhookDeliveries webhooks;
    private final MoodleEnrolments moodle;
    private final MoodleSites moodleSites;
    private Snapshot snapshot;
    private final String configuredOrganization;
    private Map<String, Map<OrderStatus, Long>> orderCounts;
    /** One series per association and status: an association's appear once it has orders. */
    private MultiGauge ordersGauge;
    private Set<String> ordersGaugeOrganizations = Set.of();
    /**
     * One series per association: the configured one always, each with a Moodle set in the console, and any other
     * whose enrolments still need action.
     */
    private MultiGauge moodleGauge;
    private Set<String> moodleGaugeOrganizations = Set.of();
    private Instant orderCountsAt;
    private Duration orderCountsValid = FRESH;

    public GatewayMetrics(AdminQueries queries, ReconcileRuns runs, Clock clock, WebhookDeliveries webhooks,
            MoodleEnrolments moodle, MoodleSites moodleSites, OrganizationClients organizations) {
        this.configuredOrganization = organizations.configured().organizationSlug();
        this.moodleSites = moodleSites;
        this.webhooks = webhooks;
        this.moodle = moodle;
        this.queries = queries;
        this.runs = runs;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ordersGauge = MultiGauge.builder("passerelle.orders").description("Orders by association and current status")
                .register(registry);
        registerOrderSeries(Set.of(configuredOrganization));
        gauge(registry, "passerelle.orders.oldest.pending.age.seconds", "Age of the oldest PENDING order",
                Snapshot::oldestPendingAge).register(registry);
        gauge(registry, "passerelle.notifications.inbox.depth", "Notifications received and not processed yet",
                Snapshot::inbox).register(registry);
        gauge(registry, "passerelle.fulfilments.queue.depth", "Fulfilment outbox rows waiting for delivery",
                Snapshot::fulfilmentsPending).register(registry);
        gauge(registry, "passerelle.fulfilments.dead", "Fulfilment rows given up (to redeliver from the console)",
                Snapshot::fulfilmentsDead).register(registry);
        gauge(registry, "passerelle.webhooks.queue.depth", "Webhook deliveries to host applications waiting",
                Snapshot::webhooksPending).register(registry);
        gauge(registry, "passerelle.webhooks.dead", "Webhook deliveries given up (to redeliver from the console)",
                Snapshot::webhooksDead).register(registry);
        moodleGauge = MultiGauge.builder("passerelle.moodle.enrolments.needing.action")
                .description("Moodle enrolments stopped, given up or failing, by association (see the console's Moodle page)")
                .register(registry);
        registerMoodleSeries(Set.of(configuredOrganization));
        gauge(registry, "passerelle.reconcile.lag.seconds", "Time since the last reconciliation run finished",
                Snapshot::reconcileLag).register(registry);
        gauge(registry, "passerelle.reconcile.duration.seconds", "Duration of the last reconciliation run",
                Snapshot::reconcileDuration).register(registry);
    }

    /** The series of these associations, each status (those already there kept as they are); any other's removed. */
    private void registerOrderSeries(Set<String> organizations) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String organization : organizations) {
            for (OrderStatus status : OrderStatus.values()) {
                rows.add(row(Tags.of("organization", organization, "status", status.name()),
                        s -> s.orders().getOrDefault(organization, Map.of()).getOrDefault(status, 0L)));
            }
        }
        // overwrite=false: a row already registered keeps its meter (replacing it broke the Prometheus scrape)
        ordersGauge.register(rows, false);
        ordersGaugeOrganizations = organizations;
    }

    /** The series of these associations (those already there kept as they are); any other's removed. */
    private void registerMoodleSeries(Set<String> organizations) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String organization : organizations) {
            rows.add(row(Tags.of("organization", organization),
                    s -> s.moodleNeedingAction().getOrDefault(organization, 0L)));
        }
        moodleGauge.register(rows, false);
        moodleGaugeOrganizations = organizations;
    }

    private MultiGauge.Row<GatewayMetrics> row(Tags tags, ToDoubleFunction<Snapshot> value) {
        return MultiGauge.Row.of(tags, this, metrics -> metrics.read(value));
    }

    /** The enrolments needing action by association slug, with a 0 for each one that has a Moodle. */
    private Map<String, Long> moodleNeedingAction() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        counts.put(configuredOrganization, 0L);
        moodleSites.associationsWithSettings().forEach(slug -> counts.put(slug, 0L));
        moodle.countNeedingActionBySite().forEach((site, count) -> counts.merge(
                site.equals(MoodleSites.CONFIGURED) ? configuredOrganization : moodleSites.slugOf(site), count, Long::sum));
        if (moodleGauge != null && !counts.keySet().equals(moodleGaugeOrganizations)) {
            // an association's first Moodle, or its last enrolment settled: its series from the next scrape on
            registerMoodleSeries(Set.copyOf(counts.keySet()));
        }
        return counts;
    }

    private Gauge.Builder<GatewayMetrics> gauge(MeterRegistry registry, String name, String description,
            ToDoubleFunction<Snapshot> value) {
        return Gauge.builder(name, this, metrics -> metrics.read(value)).description(description);
    }

    /** A gauge's value from the current snapshot; none (NaN) while the database does not answer. */
    private double read(ToDoubleFunction<Snapshot> value) {
        Snapshot current = current();
        return current == null ? Double.NaN : value.applyAsDouble(current);
    }

    synchronized Snapshot current() {
        Instant now = clock.instant();
        if (snapshot != null && Duration.between(snapshot.at(), now).compareTo(FRESH) < 0) {
            return snapshot;
        }
        try {
            OffsetDateTime oldest = queries.oldestPending().map(o -> o.createdAt()).orElse(null);
            var last = runs.latest(5).stream().filter(r -> r.finishedAt() != null).findFirst();
            if (orderCounts == null || Duration.between(orderCountsAt, now).compareTo(orderCountsValid) >= 0) {
                long started = System.nanoTime();
                orderCounts = queries.countsByOrganizationAndStatus();
                orderCountsAt = now;
                Set<String> organizations = new java.util.TreeSet<>(orderCounts.keySet());
                organizations.add(configuredOrganization);
                if (ordersGauge != null && !organizations.equals(ordersGaugeOrganizations)) {
                    // a newly linked association's first orders: its series show from the next scrape on
                    registerOrderSeries(organizations);
                }
                orderCountsValid = Duration.ofNanos(System.nanoTime() - started).compareTo(SLOW_COUNT) > 0
                        ? ORDER_COUNTS_FRESH : FRESH;
            }
            snapshot = new Snapshot(now, orderCounts,
                    oldest == null ? 0 : Duration.between(oldest.toInstant(), now).toSeconds(),
                    queries.inboxDepth(), queries.fulfilments("PENDING"), queries.fulfilments("DEAD"),
                    webhooks.count(WebhookDeliveries.PENDING), webhooks.count(WebhookDeliveries.DEAD),
                    moodleNeedingAction(),
                    last.map(r -> (double) Duration.between(r.finishedAt().toInstant(), now).toSeconds())
                            .orElse(Double.NaN),
                    last.map(r -> r.durationMs() == null ? Double.NaN : r.durationMs() / 1000.0).orElse(Double.NaN));
        } catch (RuntimeException e) {
            // the database is down: the health check says so; gauges show no value rather than stale ones
            log.debug("Metrics snapshot failed: {}", e.toString());
            snapshot = null;
            orderCounts = null;
        }
        return snapshot;
    }
}
