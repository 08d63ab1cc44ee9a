package org.passerelle.gateway.organization;

import org.passerelle.gateway.support.OnPostgres;
import org.passerelle.gateway.support.PostgresVariant;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link OrganizationOffersIT} with the gateway on PostgreSQL: two organizations on one emulator, on both databases. */
@PostgresVariant
class OrganizationOffersPostgresIT extends OrganizationOffersIT {

    @DynamicPropertySource
    static void onPostgres(DynamicPropertyRegistry registry) {
        OnPostgres.use(registry, "it_organizationoffers");
    }
}
