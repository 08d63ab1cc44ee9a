package org.passerelle.gateway.admin;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.console.ConsoleAccess;
import org.passerelle.gateway.organization.Organization;
import org.passerelle.gateway.organization.Organizations;
import org.passerelle.gateway.web.Redirects;
import org.passerelle.gateway.web.SafeText;
import org.passerelle.gateway.webhook.HostEvents;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * API keys for host applications: create (the secret is shown once, on the page right after, and never again) and
 * revoke. Keys from the configuration are listed but changed there. Each key can have webhook endpoints of its own,
 * which hear only of that key's orders (the configuration's endpoints, listed here read-only, hear of every order).
 */
@Controller
class AdminApiKeysController {

    private final ApiKeys keys;
    private final WebhookEndpoints endpoints;

    private final Organizations organizations;

    private final ConsoleAccess access;

    AdminApiKeysController(ApiKeys keys, WebhookEndpoints endpoints, Organizations organizations,
            ConsoleAccess access) {
        this.access = access;
        this.organizations = organizations;
        this.keys = keys;
        this.endpoints = endpoints;
    }

    /** The associations linked in partner mode a key can be created for, besides the configured organization. */
    @ModelAttribute("linkedOrganizations")
    List<Organization> linkedOrganizations() {
        return organizations.linked().stream().filter(org -> access.administers(org.slug())).toList();
    }

    /** The keys of the user's organizations, and their endpoints (the configuration's: the configured one's). */
    @GetMapping("/admin/api-keys")
    String list(Model model) {
        List<WebhookEndpoints.Endpoint> all = endpoints.list();
        List<ApiKeys.ApiKey> visible = keys.list().stream().filter(k -> access.reads(k.organization())).toList();
        Set<String> visibleIds = visible.stream().map(ApiKeys.ApiKey::id).collect(Collectors.toSet());
        model.addAttribute("keys", visible);
        model.addAttribute("endpointsByKey", all.stream().filter(e -> visibleIds.contains(e.apiKeyId()))
                .collect(Collectors.groupingBy(WebhookEndpoints.Endpoint::apiKeyId)));
        model.addAttribute("globalEndpoints", access.readsConfigured()
                ? all.stream().filter(e -> e.apiKeyId() == null).toList() : List.of());
        model.addAttribute("canCreateConfigured", access.administers(null));
        AdminOrganizationNames.addTo(model, organizations);
        model.addAttribute("events", new TreeSet<>(HostEvents.ALL));
        return "admin/api-keys";
    }

    /** A webhook endpoint for this key's orders; its signing secret is shown once. */
    @PostMapping("/admin/api-keys/webhooks")
    ModelAndView addEndpoint(@RequestParam(name = "key", required = false) String id,
            @RequestParam(required = false) String url,
            @RequestParam(name = "event", required = false) List<String> events, Authentication who,
            RedirectAttributes flash) {
        if (id != null) {
            requireAdminOfKey(id);
        }
        boolean activeKey = id != null && keys.list().stream().anyMatch(k -> k.id().equals(id) && k.revokedAt() == null);
        try {
            if (!activeKey) {
                throw new IllegalArgumentException("no such active key");
            }
            flash.addFlashAttribute("createdEndpoint", endpoints.add(url == null ? null : url.strip(),
                    events == null ? Set.of() : Set.copyOf(events), id, who.getName()));
        } catch (IllegalArgumentException invalid) {
            flash.addFlashAttribute("endpointInvalid", true);
        }
        return Redirects.seeOther("/admin/api-keys");
    }

    @PostMapping("/admin/api-keys/{id}/webhooks/{endpoint}/remove")
    ModelAndView removeEndpoint(@PathVariable String id, @PathVariable String endpoint, Authentication who,
            RedirectAttributes flash) {
        requireAdminOfKey(id);
        boolean owned = endpoints.list().stream().anyMatch(e -> e.id().equals(endpoint) && id.equals(e.apiKeyId()));
        flash.addFlashAttribute("flash", owned && endpoints.remove(endpoint, who.getName())
                ? "admin.flash.endpointRemoved" : "admin.flash.endpointNotRemoved");
        return Redirects.seeOther("/admin/api-keys");
    }

    @PostMapping("/admin/api-keys")
    ModelAndView create(@RequestParam(required = false) String name,
            @RequestParam(required = false) String organization, Authentication who, RedirectAttributes flash) {
        if (name == null || name.isBlank() || name.strip().length() > 100 || !SafeText.isClean(name)) {
            flash.addFlashAttribute("nameInvalid", true);
            return Redirects.seeOther("/admin/api-keys");
        }
        String forOrganization = organization == null || organization.isBlank() ? null : organization;
        if (forOrganization != null && linkedOrganizations().stream().noneMatch(o -> o.slug().equals(forOrganization))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "No such linked association");
        }
        if (forOrganization == null && !access.administers(null)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Not ADMIN of the configured association");
        }
        ApiKeys.CreatedKey created = keys.create(name, forOrganization, who.getName());
        // a flash attribute lives for the next request only: the secret is shown once
        flash.addFlashAttribute("created", created);
        return Redirects.seeOther("/admin/api-keys");
    }

    @PostMapping("/admin/api-keys/{id}/revoke")
    ModelAndView revoke(@PathVariable String id, Authentication who, RedirectAttributes flash) {
        requireAdminOfKey(id);
        flash.addFlashAttribute("flash", keys.revoke(id, who.getName()) ? "admin.flash.keyRevoked" : "admin.flash.keyNotRevoked");
        return Redirects.seeOther("/admin/api-keys");
    }

    /** A key of another organization is not found; one the user may only see is refused. Unknown ids pass. */
    private void requireAdminOfKey(String id) {
        keys.list().stream().filter(k -> k.id().equals(id)).findFirst()
                .ifPresent(key -> access.requireAdmin(key.organization()));
    }
}
