package org.passerelle.gateway.organization;

import org.passerelle.gateway.config.HelloAssoSettings;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At every start, before requests are served: the configured organization (passerelle.helloasso.organization, or the
 * emulator's) has its row, so that an installation upgraded from one organization lists it without doing anything.
 */
@Component
class ConfiguredOrganization implements SmartInitializingSingleton {

    private final Organizations organizations;
    private final HelloAssoSettings helloAsso;
    private final PartnerAccess access;

    ConfiguredOrganization(Organizations organizations, HelloAssoSettings helloAsso, PartnerAccess access) {
        this.organizations = organizations;
        this.helloAsso = helloAsso;
        this.access = access;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (helloAsso.organization() != null && !helloAsso.organization().isBlank()) {
            organizations.recordConfigured(helloAsso.organization(), access.environment());
        }
    }
}
