package org.passerelle.gateway.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.organization.OrganizationClients;
import org.passerelle.gateway.organization.OrganizationClients.OrganizationClient;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.Verification;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.helloasso.HelloAssoException;
import org.passerelle.helloasso.Page;
import org.passerelle.helloasso.RateLimitedException;
import org.passerelle.helloasso.Sleeper;
import org.passerelle.helloasso.model.FormType;
import org.passerelle.helloasso.model.Order;
import org.passerelle.helloasso.model.OrderListParams;
import org.passerelle.helloasso.model.SortOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * One reconciliation cycle: the PENDING (and recently EXPIRED) orders of the window are settled with ONE paged listing
 * per organization (the configured one, and each association linked in partner mode that has orders in the window) of
 * its checkout orders since the oldest of them, matched by checkoutIntentId and handed to the
 * {@link PaymentVerifier} as already-fetched evidence. Only what the listing cannot settle costs a read of its own:
 * an abandoned checkout is read back once before it is expired. A failure (5xx, timeout, 429) is counted and never
 * stops the cycle; what it left unsettled is settled by the next one.
 */
@Service
public class ReconcileService {

    public static final String SCHEDULED = "SCHEDULED";
    public static final String MANUAL = "MANUAL";

    private static final Logger log = LoggerFactory.getLogger(ReconcileService.class);

    /** The figures of one cycle (also stored in {@code reconcile_runs}). */
    public record Figures(long runId, int checked, int changed, int errors, int apiCalls, long durationMs,
            String note) {
    }

    /** An order the cycle looks at, with its current intent's redirect expiry. */
    record Candidate(String id, OrderStatus status, Long currentIntentId, OffsetDateTime createdAt,
            OffsetDateTime currentIntentExpiresAt, String organization) {
    }

    private final JdbcClient jdbc;
    private final OrganizationClients clients;
    private final PaymentVerifier verifier;
    private final ReconcileRuns runs;
    private final ApiCallTally tally;
    private final ReconcileProperties settings;
    private final UtcClock clock;
    private final Sleeper sleeper;
    private final String instanceId = "instance-" + UUID.randomUUID();
    /** One cycle at a time in this instance (db-scheduler already guarantees one per period across instances). */
    private final ReentrantLock running = new ReentrantLock();

    public ReconcileService(JdbcClient jdbc, OrganizationClients clients, PaymentVerifier verifier, ReconcileRuns runs,
            ApiCallTally tally, ReconcileProperties settings, UtcClock clock, ObjectProvider<Sleeper> sleeper) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.verifier = verifier;
        this.runs = runs;
        this.tally = tally;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper.getIfAvailable(() -> Sleeper.SYSTEM);
    }

    /** A whole cycle now (the admin console's "reconcile now"); waits for a cycle already running here. */
    public Figures runNow() {
        return run(MANUAL, null);
    }

    /** Runs one cycle and records it. */
    public Figures run(String trigger, Instant scheduledFor) {
        running.lock();
        try {
            long started = System.nanoTime();
            long runId = runs.start(trigger, scheduledFor, instanceId, clock.now());
            ApiCallTally.Counted<Cycle> counted = tally.count(this::cycle);
            Cycle cycle = counted.result();
            long durationMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            runs.finish(runId, clock.now(), cycle.checked, cycle.changed, cycle.errors, counted.apiCalls(), durationMs,
                    cycle.note());
            Figures figures = new Figures(runId, cycle.checked, cycle.changed, cycle.errors, counted.apiCalls(),
                    durationMs, cycle.note());
            log.info("Reconciliation ({}): {} checked, {} changed, {} errors, {} API calls, {} ms{}", trigger,
                    figures.checked(), figures.changed(), figures.errors(), figures.apiCalls(), durationMs,
                    figures.note() == null ? "" : " — " + figures.note());
            return figures;
        } finally {
            running.unlock();
        }
    }

    /** The mutable tally of one cycle. */
    private static final class Cycle {
        int checked;
        int changed;
        int errors;
        int pages;
        boolean listingComplete = true;
        StringBuilder notes = new StringBuilder();

        void note(String text) {
            notes.append(notes.isEmpty() ? "" : "; ").append(text);
        }

        String note() {
            return notes.isEmpty() ? null : notes.toString();
        }
    }

    /**
     * One listing per organization per cycle: the window's orders grouped by the organization Passerelle acts for on
     * their behalf (the configured one, or each linked association with its own token), each group settled from its
     * organization's listing.
     */
    private Cycle cycle() {
        Cycle cycle = new Cycle();
        OffsetDateTime now = clock.now();
        OffsetDateTime since = now.minus(settings.window());
        List<Candidate> candidates = candidates(since);
        cycle.checked = candidates.size();
        if (candidates.isEmpty()) {
            return cycle;
        }
        Map<Long, String> orderOfIntent = intentsOf(since);
        Map<String, OrganizationClient> resolved = new HashMap<>();   // one look-up per organization, not per order
        Map<OrganizationClient, List<Candidate>> byOrganization = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            OrganizationClient organization = resolved.computeIfAbsent(candidate.organization(),
                    clients::forOrganization);
            byOrganization.computeIfAbsent(organization, o -> new ArrayList<>()).add(candidate);
        }
        byOrganization.forEach((organization, group) -> reconcile(cycle, organization, group, orderOfIntent, now,
                byOrganization.size() > 1));
        return cycle;
    }

    /** The candidates of one organization, from one listing of its orders. */
    private void reconcile(Cycle cycle, OrganizationClient organization, List<Candidate> candidates,
            Map<Long, String> orderOfIntent, OffsetDateTime now, boolean named) {
        Map<String, Candidate> byId = new HashMap<>();
        candidates.forEach(c -> byId.put(c.id(), c));
        Set<String> seen = new HashSet<>();
        int pagesBefore = cycle.pages;
        cycle.listingComplete = true;

        OffsetDateTime from = candidates.getFirst().createdAt().minus(settings.listingMargin());
        Page<Order> page = listFirstPage(organization, from, cycle);
        while (page != null) {
            cycle.pages++;
            for (Order listed : page.data()) {
                String orderId = listed.checkoutIntentId() == null ? null : orderOfIntent.get(listed.checkoutIntentId());
                if (orderId == null || !byId.containsKey(orderId)) {
                    continue; // another checkout of the organization, or an order outside the window
                }
                Candidate candidate = byId.get(orderId);
                boolean current = java.util.Objects.equals(candidate.currentIntentId(), listed.checkoutIntentId());
                if (current) {
                    // an earlier checkout's payment says nothing of the current one, which may still be abandoned
                    seen.add(orderId);
                }
                // a refused payment fails the order only while that checkout is its current, pending one
                // (OrderRepository.markFailed): the refusal of an earlier checkout, seen again every cycle, changes nothing
                boolean refusalChanges = current && candidate.status() == OrderStatus.PENDING;
                settle(cycle, orderId, refusalChanges,
                        () -> verifier.verifyListed(orderId, listed, VerificationSource.POLLER));
            }
            page = page.hasNextPage() ? nextPage(page, cycle) : null;
        }

        if (!cycle.listingComplete) {
            cycle.note((named ? organization.organizationSlug() + ": " : "") + "listing incomplete after "
                    + (cycle.pages - pagesBefore) + " page(s): the rest is settled next cycle");
            return;
        }
        // not listed: no payment on HelloAsso (yet). Abandoned checkouts are read back once, then expired.
        for (Candidate candidate : candidates) {
            if (seen.contains(candidate.id()) || candidate.status() != OrderStatus.PENDING
                    || candidate.currentIntentId() == null || !abandoned(candidate, now)) {
                continue;
            }
            settle(cycle, candidate.id(), true, () -> verifier.verifyOrExpire(candidate.id(), candidate.currentIntentId(),
                    VerificationSource.POLLER));
        }
    }

    /** No payment some time after the last checkout redirect expired. */
    boolean abandoned(Candidate candidate, OffsetDateTime now) {
        return candidate.currentIntentExpiresAt() != null
                && !candidate.currentIntentExpiresAt().plus(settings.abandonAfter()).isAfter(now);
    }

    private void settle(Cycle cycle, String orderId, boolean refusalChanges,
            java.util.function.Supplier<Verification> verification) {
        try {
            Verification result = verification.get();
            switch (result) {
                case PAID, EXPIRED -> cycle.changed++;
                case REFUSED -> cycle.changed += refusalChanges ? 1 : 0;
                case UNAVAILABLE -> cycle.errors++;
                default -> {
                }
            }
        } catch (RuntimeException e) {
            // one order never stops the cycle
            cycle.errors++;
            log.warn("Reconciliation of order {} failed: {}", orderId, e.toString());
        }
    }

    private Page<Order> listFirstPage(OrganizationClient organization, OffsetDateTime from, Cycle cycle) {
        OrderListParams params = OrderListParams.builder().from(from).formTypes(FormType.CHECKOUT).withDetails(true)
                .sortOrder(SortOrder.ASC).pageSize(settings.pageSize()).build();
        return fetch(cycle, () -> organization.client().orders().list(organization.organizationSlug(), params));
    }

    private Page<Order> nextPage(Page<Order> page, Cycle cycle) {
        return fetch(cycle, page::nextPage);
    }

    /** One page; after a 429 waits for Retry-After (bounded) and tries once more; null when the listing stops. */
    private Page<Order> fetch(Cycle cycle, java.util.function.Supplier<Page<Order>> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (RateLimitedException limited) {
                Optional<Duration> wait = limited.retryAfter();
                Duration pause = wait.orElse(Duration.ofSeconds(1));
                if (attempt > 1 || pause.compareTo(settings.maxRetryAfter()) > 0) {
                    return stop(cycle, "HelloAsso rate-limited the listing (Retry-After " + pause.toSeconds() + " s)");
                }
                if (!pauseFor(pause)) {
                    return stop(cycle, "interrupted while waiting for Retry-After");
                }
            } catch (HelloAssoException e) {
                return stop(cycle, "listing failed: " + e.getClass().getSimpleName());
            }
        }
    }

    private Page<Order> stop(Cycle cycle, String why) {
        cycle.errors++;
        cycle.listingComplete = false;
        cycle.note(why);
        return null;
    }

    private boolean pauseFor(Duration pause) {
        try {
            sleeper.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<Candidate> candidates(OffsetDateTime since) {
        return jdbc.sql("""
                SELECT o.id, o.status, o.checkout_intent_id, o.created_at, cur.expires_at, o.organization_slug
                FROM orders o LEFT JOIN checkout_intents cur ON cur.intent_id = o.checkout_intent_id
                WHERE o.status IN ('PENDING', 'EXPIRED') AND o.created_at >= :since
                ORDER BY o.created_at, o.id
                """)
                .param("since", since)
                .query((rs, row) -> new Candidate(rs.getString("id"), OrderStatus.valueOf(rs.getString("status")),
                        rs.getObject("checkout_intent_id") == null ? null : rs.getLong("checkout_intent_id"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("expires_at", OffsetDateTime.class), rs.getString("organization_slug")))
                .list();
    }

    /** Every intent of the window's PENDING and EXPIRED orders (a payer may have paid an earlier one). */
    private Map<Long, String> intentsOf(OffsetDateTime since) {
        Map<Long, String> orderOfIntent = new HashMap<>();
        jdbc.sql("""
                SELECT ci.intent_id, ci.order_id FROM checkout_intents ci JOIN orders o ON o.id = ci.order_id
                WHERE o.status IN ('PENDING', 'EXPIRED') AND o.created_at >= :since
                """)
                .param("since", since)
                .query(rs -> {
                    orderOfIntent.put(rs.getLong("intent_id"), rs.getString("order_id"));
                });
        return orderOfIntent;
    }
}
