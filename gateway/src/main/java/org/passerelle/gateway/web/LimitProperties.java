package org.passerelle.gateway.web;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code passerelle.limits.*}: what public traffic may cost. Listed in docs/configuration.md and explained in
 * docs/operations.md.
 */
@ConfigurationProperties("passerelle.limits")
@Validated
public record LimitProperties(
        /* HelloAsso calls one order's public pages (return, "check now", a new checkout) may cause per window,
           whatever the traffic and the number of instances (counted in the database). */
        @Min(1) @DefaultValue("3") int helloassoCallsPerOrder,
        /* The window of the limits above and below. */
        @NotNull @DefaultValue("1m") Duration window,
        /* Payer actions that may call HelloAsso (pay, return from HelloAsso, "check now") from one address per
           window, per instance. */
        @Min(1) @DefaultValue("20") int payerActionsPerAddress,
        /* Orders created from the offer pages by one address per window, per instance. */
        @Min(1) @DefaultValue("10") int ordersPerAddress,
        /* Failures (bad links, forged returns, failed logins…) recorded in the audit log per address per audit
           window; beyond, one event says that more were left out. */
        @Min(1) @DefaultValue("20") int auditFailuresPerAddress,
        /* Failures without an order (anonymous) recorded per audit window, all addresses together. */
        @Min(1) @DefaultValue("100") int auditAnonymousFailures,
        @NotNull @DefaultValue("10m") Duration auditWindow,
        /* Anonymous failures (no order, no admin) are deleted from the audit log after this long (daily purge). */
        @NotNull @DefaultValue("90d") Duration keepAnonymousFailures) {
}
