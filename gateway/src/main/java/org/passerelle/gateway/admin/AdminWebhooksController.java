package org.passerelle.gateway.admin;

import org.passerelle.gateway.console.ConsoleAccess;
import org.passerelle.gateway.web.Redirects;
import org.passerelle.gateway.webhook.WebhookDeliveries;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Webhook deliveries to host applications, newest first, with redelivery (same webhook-id and body). */
@Controller
class AdminWebhooksController {

    static final java.util.List<String> STATUSES = java.util.List.of(WebhookDeliveries.PENDING,
            WebhookDeliveries.DELIVERED, WebhookDeliveries.DEAD);

    private final WebhookDeliveries deliveries;

    private final ConsoleAccess access;
    private final org.passerelle.gateway.order.OrderRepository orders;

    private final AdminQueries queries;
    private final org.passerelle.gateway.organization.Organizations organizations;

    AdminWebhooksController(WebhookDeliveries deliveries, ConsoleAccess access,
            org.passerelle.gateway.order.OrderRepository orders, AdminQueries queries,
            org.passerelle.gateway.organization.Organizations organizations) {
        this.queries = queries;
        this.organizations = organizations;
        this.deliveries = deliveries;
        this.access = access;
        this.orders = orders;
    }

    @GetMapping("/admin/webhooks")
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) Integer page,
            Model model) {
        String filter = status != null && STATUSES.contains(status) ? status : null;
        int current = page == null || page < 1 ? 1 : page;
        long total = deliveries.count(filter, access.readable());
        model.addAttribute("status", filter);
        model.addAttribute("statuses", STATUSES);
        var items = deliveries.list(filter, access.readable(), current - 1, AdminQueries.PAGE_SIZE);
        model.addAttribute("result", new AdminQueries.Paged<>(items, total, current, AdminQueries.PAGE_SIZE));
        AdminOrganizationNames.addTo(model, organizations);
        model.addAttribute("orderOrganizations", queries.organizationsOf(items.stream()
                .map(WebhookDeliveries.Delivery::orderId).toList()));
        return "admin/webhooks";
    }

    /** Back to the order the redelivery was asked from, or to the list. */
    @PostMapping("/admin/webhooks/{id}/redeliver")
    ModelAndView redeliver(@PathVariable long id, @RequestParam(required = false) String order, Authentication who,
            RedirectAttributes flash) {
        var delivery = deliveries.find(id);
        // another organization's delivery is not found; one the user may only see is refused
        delivery.flatMap(d -> orders.find(d.orderId()))
                .ifPresent(of -> access.requireAdmin(of.organizationSlug()));
        boolean queued = delivery.isPresent() && deliveries.redeliver(id, who.getName());
        flash.addFlashAttribute("flash", queued ? "admin.flash.webhookRedelivered" : "admin.flash.webhookNotRedelivered");
        boolean toOrder = order != null && delivery.isPresent() && order.equals(delivery.get().orderId());
        return Redirects.seeOther(toOrder ? "/admin/orders/" + order : "/admin/webhooks");
    }
}
