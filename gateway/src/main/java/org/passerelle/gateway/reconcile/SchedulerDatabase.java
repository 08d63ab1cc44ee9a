package org.passerelle.gateway.reconcile;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import java.util.Optional;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How db-scheduler talks to the embedded database. It knows PostgreSQL (and picks its own settings there) but not H2,
 * for which it falls back to its generic settings with a start-up WARN about zone-less timestamp columns. Ours are
 * {@code TIMESTAMP WITH TIME ZONE} (V5_1), so the generic settings are right: they are chosen here, without the WARN.
 */
@Configuration(proxyBeanMethods = false)
class SchedulerDatabase {

    @Bean
    DbSchedulerCustomizer schedulerJdbcCustomization(DataSourceProperties dataSource) {
        boolean h2 = dataSource.determineUrl() != null && dataSource.determineUrl().startsWith("jdbc:h2:");
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<JdbcCustomization> jdbcCustomization() {
                return h2 ? Optional.of(new DefaultJdbcCustomization(false)) : Optional.empty();
            }
        };
    }
}
