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
 * Hears every HelloAsso call the client makes: {@code passerelle_helloasso_calls_seconds} (by operation and outcome:
 * 2xx, 4xx, 429, 5xx or error when no answer came), {@code passerelle_helloasso_errors_total} and
 * {@code passerelle_helloasso_token_requests_total}. It also remembers the latest answers for the health check.
 */
@Component
public class HelloAssoMetrics implements HelloAssoListener {

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
        String outcome = status == 429 ? "429" : (status / 100) + "xx";
        timer(operation, outcome).record(duration);
        if (status >= 500) {
            error(operation, outcome);
            failed("HTTP " + status + " on " + operation);
        } else {
            lastAnswer.set(clock.instant());
            consecutiveFailures.set(0);
        }
    }

    @Override
    public void onFailure(String operation, String method, String path, Throwable error, Duration duration) {
        if (error instanceof AuthenticationException) {
            // HelloAsso answered (it refused the credentials): a settings mistake, reported by the connection check,
            // not an outage
            timer(operation, "4xx").record(duration);
            lastAnswer.set(clock.instant());
            consecutiveFailures.set(0);
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
                .tag("operation", operation).tag("outcome", outcome).register(registry);
    }

    private void error(String operation, String outcome) {
        Counter.builder("passerelle.helloasso.errors").description("HelloAsso calls that got no answer or a 5xx")
                .tag("operation", operation).tag("outcome", outcome).register(registry).increment();
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
