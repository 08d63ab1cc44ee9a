package org.passerelle.gateway.webhook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code passerelle.webhooks.*}: configured endpoints and how deliveries are attempted. */
@ConfigurationProperties("passerelle.webhooks")
@Validated
public record WebhookProperties(
        @Valid List<Endpoint> endpoints,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        /* A host answering slower than this counts as a failure (and is tried again later). */
        @NotNull @DefaultValue("10s") Duration requestTimeout,
        @NotNull @DefaultValue("5s") Duration sweepInterval,
        /* Waits after each failed attempt; once they are used up the delivery is DEAD. */
        @NotEmpty @DefaultValue({"1m", "5m", "30m", "2h", "12h", "24h", "24h", "24h"}) List<Duration> retrySchedule,
        @NotNull @DefaultValue("2m") Duration claimDuration,
        /* Requests in flight at once to one endpoint. */
        @Min(1) @Max(64) @DefaultValue("4") int maxConcurrencyPerEndpoint) {

    public WebhookProperties {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    public record Endpoint(
            @NotBlank @Pattern(regexp = "^https?://\\S+$", message = "must be an http(s) URL") String url,
            @NotBlank String secret,
            /* Empty = every event. */
            Set<String> events) {

        public Endpoint {
            events = events == null ? Set.of() : Set.copyOf(events);
        }

        @AssertTrue(message = "must be whsec_ followed by a base64 key of at least 24 bytes (e.g. from `openssl rand -base64 32`)")
        public boolean isSecretValid() {
            return secret == null || WebhookSigner.isValidSecret(secret);
        }

        @AssertTrue(message = "events must be among order.paid, order.failed, order.expired, order.cancelled, instalment.paid, instalment.failed, order.refunded, order.partially_refunded, order.contested, instalments.cancelled")
        public boolean isEventsKnown() {
            return HostEvents.ALL.containsAll(events);
        }
    }
}
