package org.passerelle.gateway.notification;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code passerelle.notifications.*}: how HelloAsso's notifications are received. Listed in docs/configuration.md. */
@ConfigurationProperties("passerelle.notifications")
@Validated
public record NotificationProperties(
        /* Secret last path segment of the notification URL; empty = generated once and stored in the database. */
        @DefaultValue("") String key,
        /* HelloAsso's signatureKey for the URL (partners): x-ha-signature is then required. Empty = not checked. */
        @DefaultValue("") String signatureKey,
        /* Source addresses allowed to post notifications (IPs); empty = any. */
        @DefaultValue("") List<String> allowedIps,
        /* A failed processing is retried after this delay (doubling), up to max-attempts. */
        @NotNull @DefaultValue("30s") Duration retryDelay,
        @DefaultValue("10") int maxAttempts,
        @NotNull @DefaultValue("10s") Duration sweepInterval,
        @NotNull @DefaultValue("2m") Duration claimDuration,
        /* Finished entries (processed, ignored, rejected, malformed) older than this are deleted by the daily purge. */
        @NotNull @DefaultValue("90d") Duration keep) {

    public NotificationProperties {
        allowedIps = allowedIps == null ? List.of()
                : allowedIps.stream().map(String::trim).filter(ip -> !ip.isEmpty()).toList();
    }

    @AssertTrue(message = "passerelle.notifications.key must be empty (generated) or 32 to 200 URL-safe characters (letters, digits, - and _)")
    public boolean isKeyValid() {
        return key.isEmpty() || key.matches("[A-Za-z0-9_-]{32,200}");
    }

    @AssertTrue(message = "passerelle.notifications.keep must be positive")
    public boolean isKeepValid() {
        return keep.isPositive();
    }

    @AssertTrue(message = "passerelle.notifications.max-attempts must be at least 1")
    public boolean isMaxAttemptsValid() {
        return maxAttempts >= 1;
    }
}
