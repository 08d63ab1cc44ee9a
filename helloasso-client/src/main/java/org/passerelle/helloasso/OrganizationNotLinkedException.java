package org.passerelle.helloasso;

/**
 * Partner mode: no token is stored for this organization, so the partner cannot act for it. Link it first
 * ({@link Partner#authorizationRequest}, then {@link Partner#completeAuthorization}).
 */
public class OrganizationNotLinkedException extends HelloAssoException {
    private final String organizationSlug;

    public OrganizationNotLinkedException(String organizationSlug) {
        super("No HelloAsso token is stored for organization '" + organizationSlug
                + "': link it through HelloAsso's authorization page first");
        this.organizationSlug = organizationSlug;
    }

    public String organizationSlug() {
        return organizationSlug;
    }
}
