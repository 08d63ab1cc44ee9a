package org.passerelle.gateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A subclass that runs an end-to-end class again with the gateway on PostgreSQL ({@link OnPostgres} in its
 * {@code @DynamicPropertySource}): skipped, saying why, without {@code PASSERELLE_TEST_POSTGRES_URL}; its context is
 * its own and closed after the class, so no second gateway is left running on PostgreSQL.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL_VARIABLE, matches = ".+",
        disabledReason = TestDatabases.POSTGRES_URL_VARIABLE + " is not set: the PostgreSQL run is skipped")
@DirtiesContext
public @interface PostgresVariant {
}
