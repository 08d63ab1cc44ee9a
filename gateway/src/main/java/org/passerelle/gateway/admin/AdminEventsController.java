package org.passerelle.gateway.admin;

import org.passerelle.gateway.audit.Outcome;
import org.passerelle.gateway.console.ConsoleAccess;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The audit log, filtered. */
@Controller
class AdminEventsController {

    private final AdminQueries queries;
    private final AdminProperties settings;

    private final ConsoleAccess access;
    private final org.passerelle.gateway.organization.Organizations organizations;

    AdminEventsController(AdminQueries queries, AdminProperties settings, ConsoleAccess access,
            org.passerelle.gateway.organization.Organizations organizations) {
        this.organizations = organizations;
        this.access = access;
        this.queries = queries;
        this.settings = settings;
    }

    @GetMapping("/admin/events")
    String events(EventFilter filter, Model model) {
        model.addAttribute("filter", filter);
        model.addAttribute("outcomes", java.util.Arrays.stream(Outcome.values()).map(Outcome::value).toList());
        var result = queries.events(filter, settings.zone(), access.readable());
        model.addAttribute("result", result);
        AdminOrganizationNames.addTo(model, organizations);
        model.addAttribute("orderOrganizations", queries.organizationsOf(result.items().stream()
                .map(org.passerelle.gateway.audit.AuditEvent::orderId).toList()));
        model.addAttribute("zone", settings.zone());
        return "admin/events";
    }
}
