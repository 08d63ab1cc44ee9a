package org.passerelle.gateway.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.passerelle.gateway.console.ConsoleAccess;
import org.passerelle.gateway.moodle.MoodleConnectionCheck;
import org.passerelle.gateway.moodle.MoodleEnroller;
import org.passerelle.gateway.moodle.MoodleEnrolment;
import org.passerelle.gateway.moodle.MoodleEnrolments;
import org.passerelle.gateway.moodle.MoodleProperties;
import org.passerelle.gateway.moodle.MoodleSites;
import org.passerelle.gateway.offer.ConsoleOffers;
import org.passerelle.gateway.offer.Offer;
import org.passerelle.gateway.organization.Organization;
import org.passerelle.gateway.organization.Organizations;
import org.passerelle.gateway.refund.RefundProperties;
import org.passerelle.gateway.web.Redirects;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Moodle, per association (issue 18): the configured association's settings as {@code passerelle.moodle.*} sets them
 * (read only), a linked association's as its ADMIN sets them here (the token only ever replaced, never shown), the
 * "test connection" report against the association's own site, its enrolments waiting for an administrator, and the
 * retry of one enrolment (from this page or from its order's page). Another association's settings and enrolments
 * are not found (404), what the user may see but not change is refused (403), as everywhere in the console.
 */
@Controller
class AdminMoodleController {

    static final int LISTED = 100;

    private final MoodleProperties settings;
    private final RefundProperties refunds;
    private final MoodleEnrolments enrolments;
    private final MoodleEnroller enroller;
    private final MoodleConnectionCheck check;
    private final MoodleSites sites;
    private final Organizations organizations;
    private final ConsoleOffers offers;
    private final ConsoleAccess access;

    AdminMoodleController(MoodleProperties settings, RefundProperties refunds, MoodleEnrolments enrolments,
            MoodleEnroller enroller, MoodleConnectionCheck check, MoodleSites sites, Organizations organizations,
            ConsoleOffers offers, ConsoleAccess access) {
        this.settings = settings;
        this.refunds = refunds;
        this.enrolments = enrolments;
        this.enroller = enroller;
        this.check = check;
        this.sites = sites;
        this.organizations = organizations;
        this.offers = offers;
        this.access = access;
    }

    @GetMapping("/admin/moodle")
    String page(@RequestParam(required = false) String organization, Model model) {
        String slug = chosen(organization);
        show(slug, model);
        return "admin/moodle";
    }

    /** A linked association's settings, by its ADMIN: saved, or the form again with what is wrong. */
    @PostMapping("/admin/moodle/settings")
    ModelAndView save(@RequestParam(required = false) String organization, @RequestParam Map<String, String> form,
            Authentication who, Model model, RedirectAttributes flash) {
        String slug = chosen(organization);
        access.requireAdmin(slug);
        if (configured(slug) || unlinked(slug)) {
            // passerelle.moodle.*: changed in the configuration; an unlinked association's: kept as they were
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        Map<String, String> courses = new LinkedHashMap<>();
        for (Offer offer : offers.active(slug)) {
            courses.put(offer.id(), form.getOrDefault("course." + offer.id(), ""));
        }
        MoodleSites.Change change = new MoodleSites.Change(form.get("url"), form.get("token"), form.get("roleId"),
                form.containsKey("createUsers"), form.get("enrolmentDays"), courses);
        Map<String, String> errors = sites.save(slug, change, who.getName());
        if (errors.isEmpty()) {
            flash.addFlashAttribute("flash", "moodle.settings.saved");
            return Redirects.seeOther(page(slug));
        }
        show(slug, model);
        model.addAttribute("errors", errors);
        model.addAttribute("entered", new Entered(change.url(), change.roleId(), change.createUsers(),
                change.enrolmentDays(), courses));
        return new ModelAndView("admin/moodle", model.asMap(), HttpStatus.BAD_REQUEST);
    }

    /** Calls the association's own Moodle now; the report is shown once, on the page it redirects to. */
    @PostMapping("/admin/moodle/check")
    ModelAndView check(@RequestParam(required = false) String organization, @RequestParam(required = false) String course,
            Authentication who, RedirectAttributes flash) {
        String slug = chosen(organization);
        access.requireAdmin(slug);
        Long extra = null;
        if (course != null && course.trim().matches("\\d{1,18}")) {
            extra = Long.parseLong(course.trim());
        }
        flash.addFlashAttribute("report", check.run(slug, extra, who.getName()));
        return Redirects.seeOther(page(slug) + "#report");
    }

    /** Back to the order the retry was asked from, or to the Moodle page. */
    @PostMapping("/admin/moodle/enrolments/{id}/retry")
    ModelAndView retry(@PathVariable long id, @RequestParam(required = false) String order, Authentication who,
            RedirectAttributes flash) {
        Optional<MoodleEnrolment> row = own(id);
        boolean queued = row.isPresent() && enroller.retry(id, who.getName());
        flash.addFlashAttribute("flash", queued ? "moodle.flash.retried" : "moodle.flash.notRetried");
        return back(order, row);
    }

    /** The administrator enrolled the payer by hand (or decided not to): the row leaves the list needing action. */
    @PostMapping("/admin/moodle/enrolments/{id}/handled")
    ModelAndView handled(@PathVariable long id, @RequestParam(required = false) String order, Authentication who,
            RedirectAttributes flash) {
        Optional<MoodleEnrolment> row = own(id);
        boolean done = row.isPresent() && enrolments.handled(id, who.getName());
        flash.addFlashAttribute("flash", done ? "moodle.flash.handled" : "moodle.flash.notHandled");
        return back(order, row);
    }

    /** An enrolment of an association the user is ADMIN of: another's is not found, a VIEWER's refused. */
    private Optional<MoodleEnrolment> own(long id) {
        Optional<MoodleEnrolment> row = enrolments.find(id);
        row.ifPresent(r -> access.requireAdmin(sites.slugOf(r.moodleSite())));
        return row;
    }

    private ModelAndView back(String order, Optional<MoodleEnrolment> row) {
        boolean toOrder = order != null && row.isPresent() && order.equals(row.get().orderId());
        return Redirects.seeOther(toOrder ? "/admin/orders/" + order + "#moodle"
                : row.map(r -> page(sites.slugOf(r.moodleSite()))).orElse("/admin/moodle"));
    }

    /** What the page shows of one association. */
    private void show(String slug, Model model) {
        boolean configured = configured(slug);
        String siteKey = sites.keyOf(slug);
        model.addAttribute("organizationSlug", slug);
        model.addAttribute("choices", choices());
        model.addAttribute("configuredSite", configured);
        model.addAttribute("canAct", access.administers(slug));   // this association's, whatever the others
        model.addAttribute("unlinked", unlinked(slug));
        model.addAttribute("unenrolOnRefund", refunds.moodleUnenrol());
        model.addAttribute("metadataKey", settings.metadataKey());
        // the configured association's from passerelle.moodle.*, a linked one's from the console: one view of both
        Optional<MoodleSites.Settings> site = configured ? sites.configuredSettings() : sites.settingsOf(slug);
        model.addAttribute("site", site.orElse(null));
        if (!configured) {
            model.addAttribute("offers", offers.active(slug));
        }
        model.addAttribute("functions", check.requiredFunctions(site.map(MoodleSites.Settings::createUsers).orElse(false)));
        model.addAttribute("needingAction", enrolments.needingAction(List.of(siteKey), LISTED));
        model.addAttribute("needingActionCount", enrolments.countNeedingAction(List.of(siteKey)));
    }

    /** What a linked association's form shows again after an error (never the token). */
    record Entered(String url, String roleId, boolean createUsers, String enrolmentDays, Map<String, String> courses) {
    }

    /**
     * The association asked for, or the first the user may see; another, or one Passerelle does not serve, is not
     * found.
     */
    private String chosen(String organization) {
        List<Organization> choices = choices();
        if (organization == null || organization.isBlank()) {
            if (choices.isEmpty()) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
            return choices.getFirst().slug();
        }
        return choices.stream().map(Organization::slug).filter(organization::equals).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    /**
     * The configured association, then the linked ones, then the unlinked ones (their enrolments needing action are
     * still retried or settled here), each only when the user may see it.
     */
    private List<Organization> choices() {
        List<Organization> choices = new ArrayList<>();
        String configuredSlug = access.configuredSlug();
        if (access.readsConfigured()) {
            choices.add(organizations.find(configuredSlug).orElse(new Organization(configuredSlug, null, "",
                    Organization.Connection.CONFIGURED, null, null, null, null)));
        }
        List<Organization> others = organizations.list().stream()
                .filter(org -> org.connection() != Organization.Connection.CONFIGURED)
                .filter(org -> !org.slug().equals(configuredSlug)).filter(org -> access.reads(org.slug())).toList();
        others.stream().filter(Organization::linked).forEach(choices::add);
        others.stream().filter(org -> !org.linked()).forEach(choices::add);
        return choices;
    }

    private boolean configured(String slug) {
        return sites.keyOf(slug).equals(MoodleSites.CONFIGURED);
    }

    private boolean unlinked(String slug) {
        return organizations.find(slug).filter(org -> org.connection() == Organization.Connection.UNLINKED).isPresent();
    }

    private static String page(String slug) {
        return UriComponentsBuilder.fromPath("/admin/moodle").queryParam("organization", slug).build().encode()
                .toUriString();
    }
}
