package org.passerelle.gateway.reconcile;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code passerelle.reconcile.*}: the poller that settles what no notification settled. Listed in docs/configuration.md. */
@ConfigurationProperties("passerelle.reconcile")
@Validated
public record ReconcileProperties(
        /* Every cycle, whatever the number of instances (db-scheduler): one run per period. */
        @NotNull @DefaultValue("5m") Duration interval,
        /* Orders older than this are no longer reconciled automatically. */
        @NotNull @DefaultValue("24h") Duration window,
        /* A PENDING order with no payment this long after its last checkout redirect expired becomes EXPIRED. */
        @NotNull @DefaultValue("45m") Duration abandonAfter,
        /* Per-order checks after a checkout starts; then daily while a bank validation is pending. */
        @NotNull @DefaultValue("1m,5m,15m,45m") List<Duration> followUps,
        /* Page size of the organization's order listing (HelloAsso allows 1 to 100). */
        @Min(1) @Max(100) @DefaultValue("100") int pageSize,
        /* Longest Retry-After a cycle waits for after a 429 before leaving the rest to the next cycle. */
        @NotNull @DefaultValue("30s") Duration maxRetryAfter,
        /* Margin for clock differences with HelloAsso when listing orders since the oldest pending one. */
        @NotNull @DefaultValue("1h") Duration listingMargin,
        /* Runs (about 290 a day at 5m) older than this are deleted by the daily retention purge. */
        @NotNull @DefaultValue("30d") Duration keepRuns) {

    @AssertTrue(message = "passerelle.reconcile.interval must be at least 1s and window, abandon-after, keep-runs positive")
    public boolean isSane() {
        return interval.compareTo(Duration.ofSeconds(1)) >= 0 && window.isPositive() && abandonAfter.isPositive()
                && keepRuns.isPositive()
                && followUps.stream().allMatch(Duration::isPositive);
    }
}
