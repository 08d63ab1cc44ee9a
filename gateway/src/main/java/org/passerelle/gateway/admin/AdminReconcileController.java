package org.passerelle.gateway.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.console.ConsoleAccess;
import org.passerelle.gateway.reconcile.ReconcileRuns;
import org.passerelle.gateway.reconcile.ReconcileService;
import org.passerelle.gateway.web.ClientIp;
import org.passerelle.gateway.web.Redirects;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Past reconciliation runs, "reconcile now", and the period report against HelloAsso's own listing. */
@Controller
class AdminReconcileController {

    static final int MAX_REPORT_DAYS = 92;

    private final ReconcileRuns runs;
    private final ReconcileService reconcile;
    private final ReconcileReport report;
    private final AuditLog audit;
    private final AdminProperties settings;
    private final UtcClock clock;
    private final ConsoleAccess access;
    private final org.passerelle.gateway.organization.Organizations organizations;

    AdminReconcileController(ReconcileRuns runs, ReconcileService reconcile, ReconcileReport report, AuditLog audit,
            AdminProperties settings, UtcClock clock, ConsoleAccess access,
            org.passerelle.gateway.organization.Organizations organizations) {
        this.access = access;
        this.organizations = organizations;
        this.runs = runs;
        this.reconcile = reconcile;
        this.report = report;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    @GetMapping("/admin/reconciliation")
    String runs(Model model) {
        LocalDate today = clock.today(settings.zone());
        model.addAttribute("runs", runs.latest(50));
        model.addAttribute("from", today.minusDays(6));
        model.addAttribute("to", today);
        model.addAttribute("zone", settings.zone());
        // the organizations whose report the user may ask for
        model.addAttribute("reportOrganizations", organizations.list().stream()
                .filter(org -> access.scope().reads(org.slug())).toList());
        return "admin/reconciliation";
    }

    @PostMapping("/admin/reconciliation/run")
    ModelAndView runNow(Authentication who, HttpServletRequest request, RedirectAttributes flash) {
        ReconcileService.Figures figures = reconcile.runNow();
        audit.record(AuditEvent.success(null, AuditAction.ADMIN_RECONCILE).actor(who.getName()).clientIp(ClientIp.of(request))
                .message("Reconciliation run #" + figures.runId() + ": " + figures.checked() + " checked, "
                        + figures.changed() + " changed, " + figures.errors() + " errors"));
        flash.addFlashAttribute("flash", "admin.flash.reconciled");
        flash.addFlashAttribute("flashArg", figures.changed());
        return Redirects.seeOther("/admin/reconciliation");
    }

    @GetMapping("/admin/reconciliation/report")
    String report(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String organization, Model model) {
        // another organization's report does not exist for this user; by default the configured one's, or the first
        String chosen = organization == null || organization.isBlank() ? null : organization.trim();
        if (chosen != null) {
            access.requireRead(chosen);
        } else if (!access.readsConfigured()) {
            chosen = access.readable().stream().sorted().findFirst()
                    .orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
                            org.springframework.http.HttpStatus.NOT_FOUND));
        }
        runs(model);
        model.addAttribute("organization", chosen);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        if (to.isBefore(from) || from.plusDays(MAX_REPORT_DAYS).isBefore(to)) {
            model.addAttribute("periodInvalid", true);
            return "admin/reconciliation";
        }
        model.addAttribute("report", report.compare(from, to, settings.zone(), chosen));
        return "admin/reconciliation";
    }
}
