package org.passerelle.gateway.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Every Spring test context gets a database name of its own, {@value #PROPERTY}, which the in-memory H2 URL of
 * {@link GatewayTestSupport} uses: two contexts (a class with properties of its own beside the shared gateway) never
 * share a database by accident, while classes with the same configuration keep sharing one cached context. The name
 * is given when a context is made, not part of its configuration, so it does not split the context cache.
 * Registered in {@code META-INF/spring.factories}.
 */
public class DatabasePerContext implements ContextCustomizerFactory {

    public static final String PROPERTY = "passerelle.test.database-name";

    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new NameTheDatabase();
    }

    /** Equal to every other: it names the database without making the contexts' configurations differ. */
    static final class NameTheDatabase implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            String name = "test-" + CONTEXTS.incrementAndGet() + "-" + merged.getTestClass().getSimpleName();
            context.getEnvironment().getPropertySources()
                    .addLast(new MapPropertySource("database-per-context", Map.of(PROPERTY, name)));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof NameTheDatabase;
        }

        @Override
        public int hashCode() {
            return NameTheDatabase.class.hashCode();
        }
    }
}
