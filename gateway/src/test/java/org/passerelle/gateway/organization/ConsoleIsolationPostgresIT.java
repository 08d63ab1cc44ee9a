package org.passerelle.gateway.organization;

import org.passerelle.gateway.support.OnPostgres;
import org.passerelle.gateway.support.PostgresVariant;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link ConsoleIsolationIT} with the gateway on PostgreSQL: the console's scope per association on both databases. */
@PostgresVariant
class ConsoleIsolationPostgresIT extends ConsoleIsolationIT {

    @DynamicPropertySource
    static void onPostgres(DynamicPropertyRegistry registry) {
        OnPostgres.use(registry, "it_consoleisolation");
    }
}
