package org.passerelle.gateway.admin;

import org.passerelle.gateway.support.OnPostgres;
import org.passerelle.gateway.support.PostgresVariant;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link ConsoleUsersTests} with the gateway on PostgreSQL: the console's users and their scope per request. */
@PostgresVariant
class ConsoleUsersPostgresTests extends ConsoleUsersTests {

    @DynamicPropertySource
    static void onPostgres(DynamicPropertyRegistry registry) {
        OnPostgres.use(registry, "it_consoleusers");
    }
}
