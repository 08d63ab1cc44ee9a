package org.passerelle.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** {@code passerelle.audit.keep-detailed}: 400 days by default, 0 keeps everything, a too short period is refused. */
class AuditPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AuditProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void routineEventsAreKeptFourHundredDaysByDefault() {
        runner.run(context -> assertThat(context.getBean(AuditProperties.class).keepDetailed())
                .isEqualTo(Duration.ofDays(400)));
        runner.withPropertyValues("passerelle.audit.keep-detailed=0").run(context ->
                assertThat(context.getBean(AuditProperties.class).keepDetailed()).isZero());
    }

    @Test
    void aPeriodShorterThanAMonthIsRefusedWithTheSettingsName() {
        runner.withPropertyValues("passerelle.audit.keep-detailed=7d").run(context ->
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("passerelle.audit.keep-detailed must be 0"));
    }

    @Test
    void whatADisputeNeedsIsKept() {
        assertThat(AuditRetention.KEPT).contains("payment.verified", "refund.", "fraud.", "admin.", "order.cancelled");
        assertThat(AuditRetention.KEPT).noneMatch(kept -> "checkout.created".startsWith(kept)
                || "payment.verify".startsWith(kept) || "webhook.delivered".startsWith(kept));
    }
}
