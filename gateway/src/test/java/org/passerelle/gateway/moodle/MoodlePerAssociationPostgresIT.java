package org.passerelle.gateway.moodle;

import org.passerelle.gateway.support.OnPostgres;
import org.passerelle.gateway.support.PostgresVariant;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link MoodlePerAssociationIT} with the gateway on PostgreSQL: each association's Moodle on both databases. */
@PostgresVariant
class MoodlePerAssociationPostgresIT extends MoodlePerAssociationIT {

    @DynamicPropertySource
    static void onPostgres(DynamicPropertyRegistry registry) {
        OnPostgres.use(registry, "it_moodleperassociation");
    }
}
