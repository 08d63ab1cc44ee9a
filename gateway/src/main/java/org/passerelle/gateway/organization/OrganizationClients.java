package org.passerelle.gateway.organization;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.Partner;
import org.springframework.stereotype.Component;

/**
 * The HelloAsso client to act for an order's organization with, and the slug to use and check. An association linked
 * in partner mode is reached with the partner's token for it; anything else (the configured organization, or a slug
 * Passerelle no longer serves, such as the emulator's after going live) with the configured client and the configured
 * slug, exactly as a single-organization Passerelle did: an order of another organization then fails the
 * organization check instead of being read with the wrong account.
 */
@Component
public class OrganizationClients {

    /** Where to ask HelloAsso about one organization's resources: its slug, and the client acting for it. */
    public record OrganizationClient(String organizationSlug, HelloAssoClient client) {
    }

    private final HelloAssoClient configured;
    private final HelloAssoSettings helloAsso;
    private final Organizations organizations;
    private final PartnerAccess access;
    /** The clients of the linked organizations met so far (one dropped as soon as its organization is seen unlinked). */
    private final Map<String, OrganizationClient> linked = new ConcurrentHashMap<>();

    public OrganizationClients(HelloAssoClient configured, HelloAssoSettings helloAsso, Organizations organizations,
            PartnerAccess access) {
        this.configured = configured;
        this.helloAsso = helloAsso;
        this.organizations = organizations;
        this.access = access;
    }

    /** The client for the organization an order, offer or key belongs to (null: the configured one). */
    public OrganizationClient forOrganization(String slug) {
        if (slug == null || slug.equals(helloAsso.organization())) {
            return configured();
        }
        Partner partner = access.partner().orElse(null);
        // read each time: an association unlinked on any instance is no longer acted for on this one either
        if (partner == null || organizations.find(slug).filter(Organization::linked).isEmpty()) {
            linked.remove(slug);
            return configured();
        }
        return linked.computeIfAbsent(slug, s -> new OrganizationClient(s, partner.organization(s)));
    }

    /**
     * True when what belongs to {@code slug} (an order, a key, an offer; null included) is served as the configured
     * organization's: anything but an association linked in partner mode.
     */
    public boolean isConfigured(String slug) {
        return forOrganization(slug).client() == configured;
    }

    /** The configured organization, then each association linked in partner mode (when partner mode is on). */
    public java.util.List<OrganizationClient> all() {
        java.util.List<OrganizationClient> all = new java.util.ArrayList<>(java.util.List.of(configured()));
        if (access.partner().isPresent()) {
            organizations.linked().stream()
                    .filter(org -> !org.slug().equals(helloAsso.organization()))
                    .forEach(org -> all.add(forOrganization(org.slug())));
        }
        return all;
    }

    /** The configured organization's client: the one of passerelle.helloasso.client-id (or the emulator's). */
    public OrganizationClient configured() {
        return new OrganizationClient(helloAsso.organization(), configured);
    }
}
