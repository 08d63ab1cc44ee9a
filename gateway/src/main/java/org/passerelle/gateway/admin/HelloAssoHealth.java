package org.passerelle.gateway.admin;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code helloasso} in /actuator/health: from the calls the gateway makes anyway (no call of its own, which would
 * cost API quota): DOWN after three failures in a row (no answer or 5xx), UP once HelloAsso answers, UNKNOWN before
 * any call. Not part of the readiness group: HelloAsso being down must not take every instance out of the load
 * balancer (payers still see their orders, notifications are still stored).
 */
@Component("helloassoHealthIndicator")
class HelloAssoHealth implements HealthIndicator {

    static final int FAILURES_FOR_DOWN = 3;

    private final HelloAssoMetrics metrics;

    HelloAssoHealth(HelloAssoMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Health health() {
        HelloAssoMetrics.Observed seen = metrics.observed();
        Health.Builder health = seen.consecutiveFailures() >= FAILURES_FOR_DOWN ? Health.down()
                : seen.lastAnswer() != null ? Health.up() : Health.unknown();
        if (seen.lastAnswer() != null) {
            health.withDetail("lastAnswer", seen.lastAnswer().toString());
        }
        if (seen.lastFailure() != null) {
            health.withDetail("lastFailure", seen.lastFailure().toString()).withDetail("lastError", seen.lastError());
        }
        return health.withDetail("consecutiveFailures", seen.consecutiveFailures()).build();
    }
}
