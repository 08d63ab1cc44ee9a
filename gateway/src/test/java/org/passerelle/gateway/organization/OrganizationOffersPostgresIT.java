package org.passerelle.gateway.organization;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.passerelle.gateway.support.OnPostgres;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link OrganizationOffersIT} with the gateway on PostgreSQL: two organizations on one emulator, on both databases. */
@EnabledIfEnvironmentVariable(named = "PASSERELLE_TEST_POSTGRES_URL", matches = ".+",
        disabledReason = "PASSERELLE_TEST_POSTGRES_URL is not set: the PostgreSQL run of OrganizationOffersIT is skipped")
@DirtiesContext   // its own context, closed after the class: no second gateway left running on PostgreSQL
class OrganizationOffersPostgresIT extends OrganizationOffersIT {

    @DynamicPropertySource
    static void onPostgres(DynamicPropertyRegistry registry) {
        OnPostgres.use(registry, "it_organizationoffers");
    }
}
