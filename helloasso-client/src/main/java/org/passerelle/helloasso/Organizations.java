package org.passerelle.helloasso;

import org.passerelle.helloasso.model.Organization;

/** Organizations: reading one's public details (privilege {@code AccessPublicData}). */
public final class Organizations {
    private final ApiRequester api;

    Organizations(ApiRequester api) {
        this.api = api;
    }

    /**
     * The organization's public details. A cheap way to check credentials and a slug together: a refused token is an
     * {@link AuthenticationException}, an unknown slug a {@link NotFoundException}.
     */
    public Organization get(String organizationSlug) {
        Operation operation = Operation.ORGANIZATIONS_GET;
        return api.call(operation, operation.path(organizationSlug), null, null, Types.of(Organization.class));
    }
}
