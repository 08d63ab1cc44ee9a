package org.passerelle.gateway.admin;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.order.CheckoutIntentRepository;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.HelloAssoException;
import org.passerelle.helloasso.Page;
import org.passerelle.helloasso.model.FormType;
import org.passerelle.helloasso.model.OrderListParams;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentState;
import org.passerelle.helloasso.model.SortOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Compares, over a period, Passerelle's orders with HelloAsso's checkout orders (one paged listing): orders HelloAsso
 * has and Passerelle does not know, paid orders HelloAsso does not list, and those whose amount or state differ. It
 * only reports; the reconciliation (and the admin's "check now") is what changes orders.
 */
@Service
public class ReconcileReport {

    static final int MAX_PAGES = 50;

    public enum Kind { MISSING_IN_PASSERELLE, MISSING_AT_HELLOASSO, AMOUNT_MISMATCH, STATE_MISMATCH }

    /**
     * HelloAsso payment states of money that was taken, perhaps given back or disputed since: an order paid once, as
     * Passerelle's paid, refunding, refunded and contested orders are.
     */
    private static final Set<PaymentState> TAKEN = EnumSet.of(PaymentState.AUTHORIZED, PaymentState.REFUNDING,
            PaymentState.REFUNDED, PaymentState.CONTESTED);

    public record Line(Kind kind, String orderId, Long helloassoOrderId, Long intentId, Integer ourAmount,
            Integer theirAmount, String ourStatus, String theirState, OffsetDateTime at) {
    }

    public record Report(LocalDate from, LocalDate to, int ourOrders, int theirOrders, int matched, List<Line> lines,
            String error) {
    }

    private final HelloAssoClient client;
    private final HelloAssoSettings helloAsso;
    private final CheckoutIntentRepository intents;
    private final OrderRepository orders;
    private final JdbcClient jdbc;
    private final org.passerelle.gateway.organization.OrganizationClients clients;

    public ReconcileReport(HelloAssoClient client, HelloAssoSettings helloAsso, CheckoutIntentRepository intents,
            OrderRepository orders, JdbcClient jdbc, org.passerelle.gateway.organization.OrganizationClients clients) {
        this.clients = clients;
        this.client = client;
        this.helloAsso = helloAsso;
        this.intents = intents;
        this.orders = orders;
        this.jdbc = jdbc;
    }

    /** The configured organization's report (every order served as its own, as before organizations). */
    public Report compare(LocalDate from, LocalDate to, ZoneId zone) {
        return compare(from, to, zone, null);
    }

    /**
     * One organization's report (null: the configured one), listed with its own account: its orders only. The
     * configured organization's are every order not of an association linked in partner mode (as before issue 18).
     */
    public Report compare(LocalDate from, LocalDate to, ZoneId zone, String organization) {
        OffsetDateTime start = AdminQueries.startOf(from, zone);
        OffsetDateTime end = AdminQueries.startOf(to.plusDays(1), zone);
        var account = clients.forOrganization(organization);
        boolean configured = clients.isConfigured(organization);
        List<Order> ours = jdbc.sql("SELECT * FROM orders WHERE created_at >= :start AND created_at < :end"
                        + " AND checkout_intent_id IS NOT NULL")
                .param("start", start).param("end", end).query(orders::map).list().stream()
                .filter(order -> configured ? clients.isConfigured(order.organizationSlug())
                        : account.organizationSlug().equals(order.organizationSlug()))
                .toList();
        Map<String, Order> oursById = ours.stream().collect(Collectors.toMap(Order::id, Function.identity()));

        List<org.passerelle.helloasso.model.Order> theirs = new ArrayList<>();
        String error = null;
        try {
            // HelloAsso dates an order by its payment: a day of margin on each side catches payments made later
            OrderListParams params = OrderListParams.builder().from(start.minusDays(1)).to(end.plusDays(1))
                    .formTypes(FormType.CHECKOUT).withDetails(true).sortOrder(SortOrder.ASC).pageSize(100).build();
            Page<org.passerelle.helloasso.model.Order> page = account.client().orders().list(account.organizationSlug(), params);
            for (int pages = 1; ; pages++) {
                theirs.addAll(page.data());
                if (!page.hasNextPage()) {
                    break;
                }
                if (pages >= MAX_PAGES) {
                    error = "stopped after " + MAX_PAGES + " pages: choose a shorter period";
                    break;
                }
                page = page.nextPage();
            }
        } catch (HelloAssoException e) {
            error = "HelloAsso could not be asked: " + e.getClass().getSimpleName();
        }

        List<Line> lines = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        for (var their : theirs) {
            boolean inPeriod = their.date() == null || (!their.date().isBefore(start) && their.date().isBefore(end));
            Optional<Order> our = Optional.ofNullable(their.checkoutIntentId()).flatMap(intents::find)
                    .flatMap(stored -> Optional.ofNullable(oursById.get(stored.orderId()))
                            .or(() -> orders.find(stored.orderId())));
            int amount = their.amount() == null ? 0 : their.amount().total();
            String state = states(their.payments());
            if (our.isEmpty()) {
                if (inPeriod) {
                    lines.add(new Line(Kind.MISSING_IN_PASSERELLE, null, their.id(), their.checkoutIntentId(), null,
                            amount, null, state, their.date()));
                }
                continue;
            }
            Order order = our.get();
            matched.add(order.id());
            boolean paid = their.payments().stream().anyMatch(p -> TAKEN.contains(p.state()));
            if (paid && amount != order.amount()) {
                lines.add(line(Kind.AMOUNT_MISMATCH, order, their, amount, state));
            }
            if (paid != order.status().hasBeenPaid()) {
                lines.add(line(Kind.STATE_MISMATCH, order, their, amount, state));
            }
        }
        if (error == null) {
            for (Order order : ours) {
                if (order.status().hasBeenPaid() && !matched.contains(order.id())) {
                    lines.add(new Line(Kind.MISSING_AT_HELLOASSO, order.id(), order.helloassoOrderId(),
                            order.checkoutIntentId(), order.amount(), null, order.status().name(), null,
                            order.paidAt()));
                }
            }
        }
        return new Report(from, to, ours.size(), theirs.size(), matched.size(), lines, error);
    }

    private static Line line(Kind kind, Order order, org.passerelle.helloasso.model.Order their, int amount,
            String state) {
        return new Line(kind, order.id(), their.id(), their.checkoutIntentId(), order.amount(), amount,
                order.status().name(), state, their.date());
    }

    private static String states(List<Payment> payments) {
        return payments.isEmpty() ? "no payment"
                : payments.stream().map(p -> String.valueOf(p.state())).distinct().collect(Collectors.joining(", "));
    }
}
