package org.passerelle.gateway.admin;

import org.passerelle.gateway.audit.Outcome;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The audit log, filtered. */
@Controller
class AdminEventsController {

    private final AdminQueries queries;
    private final AdminProperties settings;

    private final ConsoleAccess access;

    AdminEventsController(AdminQueries queries, AdminProperties settings, ConsoleAccess access) {
        this.access = access;
        this.queries = queries;
        this.settings = settings;
    }

    @GetMapping("/admin/events")
    String events(EventFilter filter, Model model) {
        model.addAttribute("filter", filter);
        model.addAttribute("outcomes", java.util.Arrays.stream(Outcome.values()).map(Outcome::value).toList());
        model.addAttribute("result", queries.events(filter, settings.zone(), access.readable()));
        model.addAttribute("zone", settings.zone());
        return "admin/events";
    }
}
