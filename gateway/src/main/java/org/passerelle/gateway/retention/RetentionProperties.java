package org.passerelle.gateway.retention;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code passerelle.retention.*}: how long finished work is kept before the daily purge. Listed in docs/configuration.md. */
@ConfigurationProperties("passerelle.retention")
@Validated
public record RetentionProperties(
        /* Webhook deliveries a host application acknowledged (DELIVERED), with the payload sent, are deleted this long
           after their delivery; pending and given-up (DEAD) ones are never. 0 = kept forever. */
        @NotNull @DefaultValue("90d") Duration keepDeliveredWebhooks) {

    @AssertTrue(message = "passerelle.retention.keep-delivered-webhooks must be 0 (kept forever) or at least 7 days")
    public boolean isKeepDeliveredWebhooksValid() {
        return keepDeliveredWebhooks.isZero() || keepDeliveredWebhooks.compareTo(Duration.ofDays(7)) >= 0;
    }
}
