package org.passerelle.gateway.support;

import java.sql.SQLException;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Puts a test class's gateway (the {@link GatewayTestSupport} one) on the configured PostgreSQL instead of H2: an empty
 * schema of its own, migrated by the gateway as at a first start, dropped when the tests' JVM ends. For the classes
 * whose behaviour must be shown on both databases; they run when {@code PASSERELLE_TEST_POSTGRES_URL} is set
 * ({@code @EnabledIfEnvironmentVariable}), as the other PostgreSQL tests do.
 */
public final class OnPostgres {

    private OnPostgres() {
    }

    public static void use(DynamicPropertyRegistry registry, String prefix) {
        TestDatabases.EmptySchema schema;
        try {
            schema = TestDatabases.emptyPostgresSchema(prefix);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + TestDatabases.POSTGRES_URL_VARIABLE + " refused a schema", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                schema.close();
            } catch (SQLException e) {
                // a schema left behind costs a few kB; the next runs make their own
            }
        }));
        registry.add("spring.datasource.url", schema::url);
        registry.add("spring.datasource.username", () -> "");   // the user is the URL's
    }
}
