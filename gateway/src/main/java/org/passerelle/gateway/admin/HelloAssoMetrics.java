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

    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicReference<Instant> lastAnswer = new AtomicReference<>();
    private final AtomicReference<Instant> lastFailure = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    public HelloAssoMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void onResponse(String operation, String method, String path, int status, Duration duration) {
        response(PARTNER, operation, status, duration);
    }

    @Override
    public void onFailure(String operation, String method, String path, Throwable error, Duration duration) {
        failure(PARTNER, operation, error, duration);
    }

    /** The same metrics and health, the calls tagged with {@code organizationSlug}. */
    @Override
    public HelloAssoListener forOrganization(String organizationSlug) {
        return new HelloAssoListener() {
            @Override
            public void onResponse(String operation, String method, String path, int status, Duration duration) {
                response(organizationSlug, operation, status, duration);
            }

            @Override
            public void onFailure(String operation, String method, String path, Throwable error, Duration duration) {
                failure(organizationSlug, operation, error, duration);
            }

            @Override
            public void onTokenRequest(String grantType, boolean success) {
                HelloAssoMetrics.this.onTokenRequest(grantType, success);
            }
        };
    }

    private void response(String organization, String operation, int status, Duration duration) {
        String outcome = status == 429 ? "429" : (status / 100) + "xx";
        timer(organization, operation, outcome).record(duration);
        if (status >= 500) {
            error(organization, operation, outcome);
            failed("HTTP " + status + " on " + operation);
        } else {
            lastAnswer.set(clock.instant());
            consecutiveFailures.set(0);
        }
    }

    private void failure(String organization, String operation, Throwable error, Duration duration) {
        if (error instanceof AuthenticationException) {
            // HelloAsso answered (it refused the credentials): a settings mistake, reported by the connection check,
            // not an outage
            timer(organization, operation, "4xx").record(duration);
            lastAnswer.set(clock.instant());
            consecutiveFailures.set(0);
            return;
        }
        timer(organization, operation, "error").record(duration);
        error(organization, operation, "error");
        failed(error.getClass().getSimpleName() + " on " + operation);
    }

    @Override
    public void onTokenRequest(String grantType, boolean success) {
        Counter.builder("passerelle.helloasso.token.requests")
                .description("OAuth2 token requests to HelloAsso (client_credentials, refresh_token)")
                .tag("grant_type", grantType).tag("success", String.valueOf(success))
                .register(registry).increment();
    }

    private Timer timer(String organization, String operation, String outcome) {
        return Timer.builder("passerelle.helloasso.calls").description("HelloAsso API calls, after retries")
                .tag("operation", operation).tag("outcome", outcome).tag("organization", organization)
                .register(registry);
    }

    private void error(String organization, String operation, String outcome) {
        Counter.builder("passerelle.helloasso.errors").description("HelloAsso calls that got no answer or a 5xx")
                .tag("operation", operation).tag("outcome", outcome).tag("organization", organization)
                .register(registry).increment();
    }

    private void failed(String what) {
        lastFailure.set(clock.instant());
        lastError.set(what);
        consecutiveFailures.incrementAndGet();
    }

    /** What the health check reports. */
    public record Observed(Instant lastAnswer, Instant lastFailure, String lastError, int consecutiveFailures) {
    }

    public Observed observed() {
        return new Observed(lastAnswer.get(), lastFailure.get(), lastError.get(), consecutiveFailures.get());
    }
}
