package org.passerelle.gateway.refund;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.fulfilment.FulfilmentOutbox;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.organization.OrganizationClients;
import org.passerelle.gateway.organization.OrganizationClients.OrganizationClient;
import org.passerelle.gateway.payment.HelloAssoOwnership;
import org.passerelle.helloasso.HelloAssoException;
import org.passerelle.helloasso.Page;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentListParams;
import org.passerelle.helloasso.model.PaymentState;
import org.passerelle.helloasso.model.SortField;
import org.passerelle.helloasso.model.SortOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The periodic catch-up, for what no notification told: settles uncertain refunds (one read of their order each, with
 * its organization's account), then scans each organization's payments changed since its previous scan (one listing
 * per organization, newest change first: the configured one and each association linked in partner mode) for
 * refunds, disputes and cancelled instalments Passerelle does not know yet, and reads back only those orders.
 */
@Component
public class RefundSweep {

    private static final Logger log = LoggerFactory.getLogger(RefundSweep.class);

    /** What one run did: orders read back to settle, payments listed, orders read for news, API calls. */
    public record Figures(int settled, int listed, int news, int apiCalls) {
    }

    private final OrganizationClients clients;
    private final OrderRepository orders;
    private final RefundLedger ledger;
    private final RefundSync sync;
    private final FulfilmentOutbox outbox;
    private final RefundProperties settings;
    /** By organization, HelloAsso's own update date of the newest change seen: its clock, not ours, bounds the next scan. */
    private final Map<String, OffsetDateTime> scannedUpTo = new ConcurrentHashMap<>();

    public RefundSweep(OrganizationClients clients, OrderRepository orders,
            RefundLedger ledger, RefundSync sync, FulfilmentOutbox outbox, RefundProperties settings) {
        this.clients = clients;
        this.orders = orders;
        this.ledger = ledger;
        this.sync = sync;
        this.outbox = outbox;
        this.settings = settings;
    }

    public synchronized Figures run() {
        int calls = 0;
        int settled = 0;
        for (String orderId : ledger.ordersWithUncertainRefunds(100)) {
            calls++;
            if (reread(orderId, "sweep")) {
                settled++;
            }
        }
        int listed = 0;
        Set<String> news = new LinkedHashSet<>();
        for (OrganizationClient organization : clients.all()) {
            Scan scan = scan(organization, news);
            listed += scan.listed();
            calls += scan.calls();
        }
        for (String orderId : news) {
            calls++;
            reread(orderId, "scan");
        }
        Figures figures = new Figures(settled, listed, news.size(), calls);
        if (settled + news.size() > 0) {
            log.info("Refund sweep: {} order(s) settled, {} payment(s) listed, {} order(s) with news, {} API calls",
                    settled, listed, news.size(), calls);
        }
        return figures;
    }

    private record Scan(int listed, int calls) {
    }

    /** One organization's payments changed since its previous scan; the orders with news are added to {@code news}. */
    private Scan scan(OrganizationClient organization, Set<String> news) {
        int calls = 0;
        int listed = 0;
        OffsetDateTime since = scannedUpTo.get(organization.organizationSlug());
        OffsetDateTime newest = null;
        try {
            PaymentListParams params = PaymentListParams.builder().sortField(SortField.UPDATE_DATE)
                    .sortOrder(SortOrder.DESC).pageSize(settings.scanPageSize()).build();
            calls++;
            Page<Payment> page = organization.client().payments().list(organization.organizationSlug(), params);
            scan:
            for (int pages = 1; ; pages++) {
                for (Payment payment : page.data()) {
                    OffsetDateTime updated = payment.meta() == null ? null : payment.meta().updatedAt();
                    if (updated != null) {
                        newest = newest == null || updated.isAfter(newest) ? updated : newest;
                        OffsetDateTime floor = since != null ? since : newest.minus(settings.scanLookback());
                        if (updated.isBefore(floor)) {
                            break scan;
                        }
                    }
                    listed++;
                    orderWithNews(payment).ifPresent(news::add);
                }
                if (!page.hasNextPage() || pages >= settings.scanMaxPages()) {
                    break;
                }
                calls++;
                page = page.nextPage();
            }
            if (newest != null) {
                // a change made in the same instant as the newest one is seen again next time, never missed
                scannedUpTo.put(organization.organizationSlug(), newest.minusSeconds(1));
            }
        } catch (HelloAssoException e) {
            log.warn("Refund scan: HelloAsso could not list the payments of {}: {}", organization.organizationSlug(),
                    e.getClass().getSimpleName());
        }
        return new Scan(listed, calls);
    }

    /** A payment of one of our paid orders showing something the ledger does not know. */
    private Optional<String> orderWithNews(Payment payment) {
        if (payment.order() == null) {
            return Optional.empty();
        }
        return orders.findByHelloAssoOrderId(payment.order().id())
                .filter(o -> o.status().hasBeenPaid())
                .filter(o -> news(o, payment))
                .map(Order::id);
    }

    private boolean news(Order order, Payment payment) {
        boolean unknownRefund = payment.refundOperations().stream()
                .anyMatch(op -> !RefundSync.NOT_MADE.contains(op.status()) && ledger.byHelloAssoId(op.id()).isEmpty());
        boolean newDispute = payment.state() == PaymentState.CONTESTED && order.status() != OrderStatus.CONTESTED;
        boolean newCancellation = payment.state() == PaymentState.CANCELED && RefundSync.instalment(payment) > 1
                && outbox.forOrder(order.id()).stream()
                        .noneMatch(e -> e.event().equals(EventType.INSTALMENTS_CANCELLED));
        return unknownRefund || newDispute || newCancellation;
    }

    /** Reads the order back and applies it; false when HelloAsso could not be asked. */
    private boolean reread(String orderId, String via) {
        Order order = orders.find(orderId).orElse(null);
        if (order == null || order.helloassoOrderId() == null) {
            return false;
        }
        try {
            OrganizationClient organization = clients.forOrganization(order.organizationSlug());
            org.passerelle.helloasso.model.Order seen = organization.client().orders().get(order.helloassoOrderId());
            HelloAssoOwnership.Mismatch mismatch = HelloAssoOwnership.afterPayment(organization.organizationSlug(),
                    order, seen);
            if (mismatch != null) {
                log.warn("Refund sweep: HelloAsso order {} is not order {}'s ({} mismatch): ignored", seen.id(),
                        orderId, mismatch);
                return false;
            }
            sync.apply(orderId, seen, via);
            return true;
        } catch (HelloAssoException e) {
            log.warn("Refund sweep: order {} could not be read back: {}", orderId, e.getClass().getSimpleName());
            return false;
        }
    }
}
