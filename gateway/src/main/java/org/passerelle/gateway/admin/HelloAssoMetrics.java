package org.passerelle.gateway.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.passerelle.helloasso.AuthenticationException;
import org.passerelle.helloasso.HelloAssoListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Hears every HelloAsso call the clients make: {@code passerelle_helloasso_calls_seconds} (by operation, outcome — 2xx,
 * 4xx, 429, 5xx or error when no answer came — and organization), {@code passerelle_helloasso_errors_total} and
 * {@code passerelle_helloasso_token_requests_total}. It also remembers the latest answers for the health check. The
 * calls of a client acting for an organization (the configured one, a linked one) are heard through
 * {@link #forOrganization}; the partner's own calls (linking, listing linked organizations) carry
 * {@value #PARTNER}.
 */
@Component
public class HelloAssoMetrics implements HelloAssoListener {

    static final String PARTNER = "partner";

    /** What every organization's calls tell the health check, shared by the views of {@link #forOrganization}. */
    private static final class Health {
        final AtomicReference<Instant> lastAnswer = new AtomicReference<>();
        final AtomicReference<Instant> lastFailure = new AtomicReference<>();
        final AtomicReference<String> lastError = new AtomicReference<>();
        final AtomicInteger consecutiveFailures = new AtomicInteger();
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final Health health;
    private final String organization;

    @Autowired
    public HelloAssoMetrics(MeterRegistry registry, Clock clock) {
        this(registry, clock, new Health(), PARTNER);
    }

    private HelloAssoMetrics(MeterRegistry registry, Clock clock, Health health, String organization) {
        this.registry = registry;
        this.clock = clock;
        this.health = health;
        this.organization = organization;
    }

    /** The same metrics and health, the calls tagged with {@code organizationSlug}. */
    @Override
    public HelloAssoListener forOrganization(String organizationSlug) {
        return new HelloAssoMetrics(registry, clock, health, organizationSlug);
    }

    @Override
    public void onResponse(String operation, String method, String path, int status, Duration duration) {
        String outcome = status == 429 ? "429" : (status / 100) + "xx";
        timer(operation, outcome).record(duration);
        if (status >= 500) {
            error(operation, outcome);
            failed("HTTP " + status + " on " + operation);
        } else {
            answered();
        }
    }

    @Override
    public void onFailure(String operation, String method, String path, Throwable error, Duration duration) {
        if (error instanceof AuthenticationException) {
            // HelloAsso answered (it refused the credentials): a settings mistake, reported by the connection check,
            // not an outage
            timer(operation, "4xx").record(duration);
            answered();
            return;
        }
        timer(operation, "error").record(duration);
        error(operation, "error");
        failed(error.getClass().getSimpleName() + " on " + operation);
    }

    @Override
    public void onTokenRequest(String grantType, boolean success) {
        Counter.builder("passerelle.helloasso.token.requests")
                .description("OAuth2 token requests to HelloAsso (client_credentials, refresh_token)")
                .tag("grant_type", grantType).tag("success", String.valueOf(success))
                .register(registry).increment();
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder("passerelle.helloasso.calls").description("HelloAsso API calls, after retries")
                .tag("operation", operation).tag("outcome", outcome).tag("organization", organization)
                .register(registry);
    }

    private void error(String operation, String outcome) {
        Counter.builder("passerelle.helloasso.errors").description("HelloAsso calls that got no answer or a 5xx")
                .tag("operation", operation).tag("outcome", outcome).tag("organization", organization)
                .register(registry).increment();
    }

    private void answered() {
        health.lastAnswer.set(clock.instant());
        health.consecutiveFailures.set(0);
    }

    private void failed(String what) {
        health.lastFailure.set(clock.instant());
        health.lastError.set(what);
        health.consecutiveFailures.incrementAndGet();
    }

    /** What the health check reports. */
    public record Observed(Instant lastAnswer, Instant lastFailure, String lastError, int consecutiveFailures) {
    }

    public Observed observed() {
        return new Observed(health.lastAnswer.get(), health.lastFailure.get(), health.lastError.get(),
                health.consecutiveFailures.get());
    }
}
