package org.passerelle.gateway.audit;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code passerelle.audit.*}: how long the audit log keeps its routine events. Listed in docs/configuration.md. */
@ConfigurationProperties("passerelle.audit")
@Validated
public record AuditProperties(
        /* Routine events (checkouts, returns, verifications attempted, deliveries, webhooks, Moodle checks…) older
           than this are deleted by the daily purge; what a dispute needs is kept (AuditRetention.KEPT). 0 = kept forever. */
        @NotNull @DefaultValue("400d") Duration keepDetailed) {

    @AssertTrue(message = "passerelle.audit.keep-detailed must be 0 (kept forever) or at least 30 days")
    public boolean isKeepDetailedValid() {
        return keepDetailed.isZero() || keepDetailed.compareTo(Duration.ofDays(30)) >= 0;
    }
}
