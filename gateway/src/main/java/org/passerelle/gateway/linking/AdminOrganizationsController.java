package org.passerelle.gateway.linking;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.passerelle.gateway.organization.Organization;
import org.passerelle.gateway.organization.Organizations;
import org.passerelle.gateway.organization.PartnerAccess;
import org.passerelle.gateway.web.ClientIp;
import org.passerelle.gateway.web.Redirects;
import org.passerelle.helloasso.HelloAssoException;
import org.passerelle.helloasso.model.LinkedOrganization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's "Associations" page: the organizations of this Passerelle, and linking one more through HelloAsso's
 * partner mode (ADMIN only; the callback too, see admin.SecurityConfiguration). Pending links sit in the admin's
 * session, keyed by their state: a callback finds its own once, and no other.
 */
@Controller
class AdminOrganizationsController {

    static final String PENDING = AdminOrganizationsController.class.getName() + ".pending";
    /** A few links started in parallel tabs; older ones are dropped. */
    static final int MAX_PENDING = 5;
    private static final int MAX_LISTED = 500;
    private static final Logger log = LoggerFactory.getLogger(AdminOrganizationsController.class);

    /** A row of the page: what the database knows, and what HelloAsso says of the partner's link. */
    record Row(Organization organization, String slug, String name, Boolean tokenAvailable) {
    }

    private final Organizations organizations;
    private final PartnerAccess access;
    private final OrganizationLinking linking;

    private final org.passerelle.gateway.audit.AuditLog audit;

    AdminOrganizationsController(Organizations organizations, PartnerAccess access, OrganizationLinking linking,
            org.passerelle.gateway.audit.AuditLog audit) {
        this.audit = audit;
        this.organizations = organizations;
        this.access = access;
        this.linking = linking;
    }

    @GetMapping("/admin/organizations")
    String list(Model model, Authentication who) {
        List<Organization> known = organizations.list();
        Map<String, LinkedOrganization> linked = new LinkedHashMap<>();
        boolean listedAtHelloAsso = false;
        if (access.partner().isPresent()) {
            try {
                for (LinkedOrganization org : access.partner().get().linkedOrganizations().autoPaging()) {
                    if (org.organization() != null && linked.size() < MAX_LISTED) {
                        linked.put(org.organization().organizationSlug(), org);
                    }
                }
                listedAtHelloAsso = true;
            } catch (HelloAssoException e) {
                log.warn("The organizations linked to the partner could not be listed: {}", e.getMessage());
            }
        }
        List<Row> rows = new java.util.ArrayList<>();
        Set<String> slugs = known.stream().map(Organization::slug).collect(Collectors.toSet());
        for (Organization org : known) {
            LinkedOrganization atHelloAsso = linked.get(org.slug());
            rows.add(new Row(org, org.slug(), org.displayName(),
                    atHelloAsso == null ? null : atHelloAsso.availableAccessToken()));
        }
        linked.values().stream().filter(org -> !slugs.contains(org.organization().organizationSlug()))
                .forEach(org -> rows.add(new Row(null, org.organization().organizationSlug(),
                        org.organization().name(), org.availableAccessToken())));
        model.addAttribute("rows", rows);
        model.addAttribute("partnerMode", access.partner().isPresent());
        model.addAttribute("listedAtHelloAsso", listedAtHelloAsso);
        // the console layout's own model (admin.AdminModel covers the admin package only)
        model.addAttribute("adminUser", who.getName());
        model.addAttribute("canAct", isSuperAdmin(who));
        model.addAttribute("allOrganizations", true);   // the page is for users of every organization only
        model.addAttribute("superAdmin", isSuperAdmin(who));
        return "admin/organizations";
    }

    /**
     * Unlinks an association (super-admin, by the console's URL rules and here): Passerelle stops acting for it — its
     * tokens are deleted, its offers take no payment, a checkout is no longer created for its orders — and its row,
     * orders and history stay. HelloAsso's side of the link is left to the association (its back office).
     */
    @PostMapping("/admin/organizations/{slug}/unlink")
    ModelAndView unlink(@org.springframework.web.bind.annotation.PathVariable String slug, Authentication who,
            HttpServletRequest request, RedirectAttributes flash) {
        if (!isSuperAdmin(who)) {
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.FORBIDDEN);
        }
        if (!organizations.unlink(slug)) {
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.NOT_FOUND, "No such linked association");
        }
        audit.record(org.passerelle.gateway.audit.AuditEvent.success(null,
                        org.passerelle.gateway.audit.AuditAction.ORGANIZATION_UNLINKED)
                .actor(who.getName()).clientIp(ClientIp.of(request))
                .message("Association " + slug + " unlinked: its offers take no payment, its orders stay"));
        flash.addFlashAttribute("flash", "organizations.flash.unlinked");
        flash.addFlashAttribute("flashArg", slug);
        return Redirects.seeOther("/admin/organizations");
    }

    @PostMapping("/admin/organizations/link")
    ModelAndView link(HttpSession session, RedirectAttributes flash) {
        if (access.partner().isEmpty()) {
            flash.addFlashAttribute("flash", "organizations.flash.partnerNotConfigured");
            return Redirects.seeOther("/admin/organizations");
        }
        OrganizationLinking.Pending pending;
        try {
            pending = linking.start();
        } catch (HelloAssoException e) {
            log.warn("Linking an association could not start: {}", e.getMessage());
            flash.addFlashAttribute("flash", "organizations.flash.startFailed");
            return Redirects.seeOther("/admin/organizations");
        }
        synchronized (org.springframework.web.util.WebUtils.getSessionMutex(session)) {
            Map<String, OrganizationLinking.Pending> all = pendingLinks(session);
            while (all.size() >= MAX_PENDING) {
                all.remove(all.keySet().iterator().next());
            }
            all.put(pending.state(), pending);
            session.setAttribute(PENDING, all);
        }
        return Redirects.seeOtherExternal(pending.url());
    }

    /** HelloAsso sends the admin's browser back here: ?code=…&state=… or ?error=…&state=…. */
    @GetMapping(OrganizationLinking.CALLBACK)
    ModelAndView callback(@RequestParam(required = false) String state, @RequestParam(required = false) String code,
            @RequestParam(required = false) String error, HttpServletRequest request, Authentication who,
            RedirectAttributes flash) {
        Optional<OrganizationLinking.Pending> pending = Optional.empty();
        HttpSession session = request.getSession(false);
        if (session != null && state != null) {
            synchronized (org.springframework.web.util.WebUtils.getSessionMutex(session)) {
                Map<String, OrganizationLinking.Pending> all = pendingLinks(session);
                pending = Optional.ofNullable(all.remove(state));   // used once, whatever the outcome
                session.setAttribute(PENDING, all);
            }
        }
        OrganizationLinking.Result result = linking.complete(pending, state, code, error, who.getName(),
                ClientIp.of(request));
        flash.addFlashAttribute("flash", switch (result.outcome()) {
            case LINKED -> "organizations.flash.linked";
            case LINKED_WITHOUT_NOTIFICATION_URL -> "organizations.flash.linkedNotificationUrlFailed";
            case REFUSED -> "organizations.flash.linkRefused";
            case UNKNOWN_STATE -> "organizations.flash.stateRefused";
            case FAILED -> "organizations.flash.linkFailed";
        });
        flash.addFlashAttribute("flashArg", result.organizationSlug());
        return Redirects.seeOther("/admin/organizations");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, OrganizationLinking.Pending> pendingLinks(HttpSession session) {
        Object kept = session.getAttribute(PENDING);
        return kept instanceof LinkedHashMap<?, ?> map ? (LinkedHashMap<String, OrganizationLinking.Pending>) map
                : new LinkedHashMap<>();
    }

    private static boolean isSuperAdmin(Authentication who) {
        return who != null && who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch("ROLE_SUPER_ADMIN"::equals);
    }
}
