package org.passerelle.gateway.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.audit.Outcome;
import org.passerelle.gateway.console.ConsoleAccess;
import org.passerelle.gateway.field.Answer;
import org.passerelle.gateway.field.FieldDefinition;
import org.passerelle.gateway.field.OrderAnswers;
import org.passerelle.gateway.fulfilment.FulfilmentDispatcher;
import org.passerelle.gateway.moodle.MoodleEnrolments;
import org.passerelle.gateway.offer.ConsoleOffers;
import org.passerelle.gateway.offer.Offer;
import org.passerelle.gateway.offer.OfferCatalog;
import org.passerelle.gateway.order.CheckoutIntentRepository;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderService;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.Verification;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.web.ClientIp;
import org.passerelle.gateway.web.Redirects;
import org.passerelle.gateway.webhook.WebhookDeliveries;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Orders: the filtered list, its CSV export, one order's full story, and what an admin can do about it. */
@Controller
class AdminOrdersController {

    private static final int ANSWERS_BATCH = 500;

    private final AdminQueries queries;
    private final OrderRepository orders;
    private final CheckoutIntentRepository intents;
    private final PaymentVerifier verifier;
    private final FulfilmentDispatcher fulfilment;
    private final AuditLog audit;
    private final AdminProperties settings;
    private final OrderService orderService;
    private final WebhookDeliveries webhooks;
    private final MoodleEnrolments moodle;
    private final OrderAnswers answers;
    private final OfferCatalog catalog;
    private final ConsoleOffers consoleOffers;
    private final MessageSource messages;
    private final ConsoleAccess access;
    private final org.passerelle.gateway.organization.Organizations organizations;

    AdminOrdersController(ConsoleAccess access, org.passerelle.gateway.organization.Organizations organizations, AdminQueries queries, OrderRepository orders, CheckoutIntentRepository intents,
            PaymentVerifier verifier, FulfilmentDispatcher fulfilment, AuditLog audit,
            AdminProperties settings, OrderService orderService, WebhookDeliveries webhooks, MoodleEnrolments moodle,
            OrderAnswers answers, OfferCatalog catalog, ConsoleOffers consoleOffers, MessageSource messages) {
        this.messages = messages;
        this.access = access;
        this.organizations = organizations;
        this.answers = answers;
        this.catalog = catalog;
        this.consoleOffers = consoleOffers;
        this.moodle = moodle;
        this.orderService = orderService;
        this.webhooks = webhooks;
        this.queries = queries;
        this.orders = orders;
        this.intents = intents;
        this.verifier = verifier;
        this.fulfilment = fulfilment;
        this.audit = audit;
        this.settings = settings;
    }

    /**
     * Every offer the user may see, the configuration's then the console's (archived ones too: their orders stay).
     */
    private List<Offer> offers() {
        List<Offer> all = new ArrayList<>(catalog.fixedOffers());
        consoleOffers.all().stream().filter(offer -> !catalog.isFixed(offer.id())).forEach(all::add);
        all.removeIf(offer -> !access.reads(offer.organization()));
        return all;
    }

    /** The order, if the user may see it; another organization's is not found. */
    private Order readable(String id) {
        Order order = orders.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        access.requireRead(order.organizationSlug());
        return order;
    }

    /** The order, if the user is ADMIN of its organization (not found when it may not even see it). */
    private Order actionable(String id) {
        Order order = readable(id);
        access.requireAdmin(order.organizationSlug());
        return order;
    }

    @GetMapping("/admin/orders")
    String list(OrderFilter filter, Model model) {
        model.addAttribute("offers", offers());
        model.addAttribute("filter", filter);
        model.addAttribute("statuses", OrderStatus.values());
        model.addAttribute("zone", settings.zone());
        String invalid = AdminQueries.invalidFilter(filter);
        if (invalid != null) {
            model.addAttribute("invalid", invalid);
            model.addAttribute("result", new AdminQueries.Paged<Order>(List.of(), 0, 1, AdminQueries.PAGE_SIZE));
            return "admin/orders";
        }
        model.addAttribute("result", queries.orders(filter, settings.zone(), access.readable()));
        AdminOrganizationNames.addTo(model, organizations);
        return "admin/orders";
    }

    /**
     * The filtered list as CSV: UTF-8 with a BOM and ';' so that Excel opens it right, amounts in euros. Streamed: the
     * header leaves at once, then each order as the database cursor reads it (any number of orders, the same memory).
     * Written on the request's own thread (no asynchronous timeout cuts a long export).
     */
    @GetMapping("/admin/orders/export")
    void export(OrderFilter filter, Locale locale, HttpServletResponse response) throws IOException {
        if (AdminQueries.invalidFilter(filter) != null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Invalid filter");
        }
        // the answer columns are known before the first line: the chosen offer's fields, then the other keys answered
        List<String> columns = new ArrayList<>(filter.offer() == null ? List.of() : offers().stream()
                .filter(offer -> offer.id().equals(filter.offer().trim())).findFirst()
                .map(offer -> offer.fields().stream().map(FieldDefinition::key).toList()).orElse(List.of()));
        answers.keysAnswered(filter.offer() == null ? null : filter.offer().trim()).stream()
                .filter(key -> !columns.contains(key)).forEach(columns::add);
        response.setContentType(new MediaType("text", "csv", StandardCharsets.UTF_8).toString());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("passerelle-orders.csv").build().toString());
        java.io.Writer out = new java.io.BufferedWriter(
                new java.io.OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 32 * 1024);
        OrdersCsv.Writer csv = new OrdersCsv.Writer(out, columns, key -> messages.getMessage(key, null, key, locale),
                settings.zone(), locale);
        out.flush();   // the first byte now, whatever the query takes
        // answers read for 500 orders at a time, as the cursor hands them over
        List<Order> batch = new ArrayList<>(ANSWERS_BATCH);
        queries.export(filter, settings.zone(), access.readable(), order -> {
            batch.add(order);
            if (batch.size() == ANSWERS_BATCH) {
                writeWithAnswers(csv, batch);
            }
        });
        writeWithAnswers(csv, batch);
        out.flush();
    }

    private void writeWithAnswers(OrdersCsv.Writer csv, List<Order> batch) {
        Map<String, List<Answer>> answered = answers.of(batch.stream().map(Order::id).toList());
        batch.forEach(order -> csv.row(order, answered.getOrDefault(order.id(), List.of())));
        batch.clear();
    }

    @GetMapping("/admin/orders/{id}")
    String show(@PathVariable String id, Locale locale, Model model) {
        Order order = readable(id);
        // ADMIN of this order's organization, not of some other one
        model.addAttribute("canAct", access.administers(order.organizationSlug()));
        AdminOrganizationNames.addTo(model, organizations);
        model.addAttribute("order", order);
        model.addAttribute("intents", intents.forOrder(id));
        model.addAttribute("fulfilments", queries.fulfilmentsOf(id));
        model.addAttribute("notifications", queries.notificationsOf(id));
        List<WebhookDeliveries.Delivery> deliveries = webhooks.forOrder(id);
        model.addAttribute("webhooks", deliveries);
        model.addAttribute("moodleEnrolments", moodle.forOrder(id));
        model.addAttribute("answers", answers.of(id));
        TimelineWords words = new TimelineWords(messages, locale);
        model.addAttribute("timeline", queries.timeline(id, deliveries.stream()
                .map(d -> new AdminQueries.TimelineEntry(d.createdAt(), "webhook", d.event() + " → " + d.endpointUrl(),
                        words.of("admin.timeline.delivered", words.event(d.event()), d.endpointUrl()),
                        d.status().toLowerCase(Locale.ROOT), words.attempts(d.attempts(), d.lastHttpStatus(),
                                d.lastError()), null))
                .toList(), words));
        model.addAttribute("zone", settings.zone());
        model.addAttribute("dateTime", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        return "admin/order";
    }

    /** Reads the order back from HelloAsso now (as the poller would), whatever its status. */
    @PostMapping("/admin/orders/{id}/check")
    ModelAndView check(@PathVariable String id, Authentication who, HttpServletRequest request,
            RedirectAttributes flash) {
        Order order = actionable(id);
        Verification result = verifier.verify(order.id(), VerificationSource.ADMIN, ClientIp.of(request));
        Outcome outcome = result == Verification.UNAVAILABLE || result == Verification.MISMATCH ? Outcome.ERROR
                : Outcome.SUCCESS;
        audit.record(AuditEvent.of(order.id(), AuditAction.ADMIN_CHECK, outcome).actor(who.getName())
                .clientIp(ClientIp.of(request)).message("Checked with HelloAsso: " + result));
        flash.addFlashAttribute("flash", "admin.flash.checked." + result.name());
        return Redirects.seeOther("/admin/orders/" + order.id());
    }

    /** A payable order only: a paid one is refused (its money was taken; that is a refund). */
    @PostMapping("/admin/orders/{id}/cancel")
    ModelAndView cancel(@PathVariable String id, Authentication who, RedirectAttributes flash) {
        Order order = actionable(id);
        String result;
        try {
            result = orderService.cancel(order.id(), who.getName()) ? "admin.flash.cancelled" : "admin.flash.alreadyCancelled";
        } catch (OrderService.NotCancellableException e) {
            result = "admin.flash.notCancellable";
        }
        flash.addFlashAttribute("flash", result);
        return Redirects.seeOther("/admin/orders/" + order.id());
    }

    @PostMapping("/admin/orders/{id}/fulfilments/{fulfilmentId}/redeliver")
    ModelAndView redeliver(@PathVariable String id, @PathVariable long fulfilmentId, Authentication who,
            RedirectAttributes flash) {
        Order order = actionable(id);
        boolean belongs = queries.fulfilmentsOf(order.id()).stream().anyMatch(f -> f.id() == fulfilmentId);
        boolean reopened = belongs && fulfilment.redeliver(fulfilmentId, who.getName());
        flash.addFlashAttribute("flash", reopened ? "admin.flash.redelivered" : "admin.flash.notRedelivered");
        return Redirects.seeOther("/admin/orders/" + order.id());
    }
}
