package org.passerelle.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * Two test classes whose settings differ get two contexts, each with a database of its own; two with the same settings
 * share one context, so one database ({@link DatabasePerContext}).
 */
class DatabasePerContextTests {

    @Test
    void contextsWithOtherSettingsHaveTheirOwnDatabaseAndTheSameSettingsShareOne() {
        JdbcClient first = jdbc(First.class);
        first.sql("CREATE TABLE marks (mark INT)").update();
        first.sql("INSERT INTO marks VALUES (1)").update();

        assertThat(jdbc(SameAsFirst.class).sql("SELECT COUNT(*) FROM marks").query(Integer.class).single())
                .as("the same settings: the cached context, its database").isEqualTo(1);
        assertThat(jdbc(Other.class).sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'MARKS'")
                .query(Integer.class).single()).as("other settings: a database of its own").isZero();
    }

    private static JdbcClient jdbc(Class<?> testClass) {
        return new TestContextManager(testClass).getTestContext().getApplicationContext().getBean(JdbcClient.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class OneDatabase {

        @Bean
        DataSource dataSource(Environment environment) {
            return new DriverManagerDataSource("jdbc:h2:mem:" + environment.getRequiredProperty(DatabasePerContext.PROPERTY) + ";DB_CLOSE_DELAY=-1");
        }

        @Bean
        JdbcClient jdbcClient(DataSource dataSource) {
            return JdbcClient.create(dataSource);
        }
    }

    @SpringJUnitConfig(OneDatabase.class)
    @TestPropertySource(properties = "setting=first")
    static class First {
    }

    @SpringJUnitConfig(OneDatabase.class)
    @TestPropertySource(properties = "setting=first")
    static class SameAsFirst {
    }

    @SpringJUnitConfig(OneDatabase.class)
    @TestPropertySource(properties = "setting=other")
    static class Other {
    }
}
