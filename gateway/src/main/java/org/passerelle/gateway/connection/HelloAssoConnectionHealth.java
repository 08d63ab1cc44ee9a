package org.passerelle.gateway.connection;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code helloassoConnection} in /actuator/health: DOWN when HelloAsso refused the settings (with the problem, the
 * setting and what HelloAsso said), UP once checked, UNKNOWN before the first check or while HelloAsso does not
 * answer (its outage is the {@code helloasso} component's business). Not in the readiness group: every instance
 * shares the mistake, and taking them all out of the load balancer would hide the payers' "temporarily unavailable"
 * page and the console where the association fixes it (docs/operations.md).
 */
@Component("helloassoConnectionHealthIndicator")
class HelloAssoConnectionHealth implements HealthIndicator {

    private final HelloAssoConnection connection;

    HelloAssoConnectionHealth(HelloAssoConnection connection) {
        this.connection = connection;
    }

    @Override
    public Health health() {
        ConnectionStatus status = connection.status();
        Health.Builder health = switch (status.state()) {
            case OK -> Health.up();
            case MISCONFIGURED -> Health.down().withDetail("problem", status.problem().name())
                    .withDetail("reason", connection.logLine(status));
            case NOT_CHECKED, UNREACHABLE -> Health.unknown();
        };
        health.withDetail("state", status.state().name()).withDetail("organization", connection.organization());
        if (status.organizationName() != null) {
            health.withDetail("organizationName", status.organizationName());
        }
        if (status.detail() != null) {
            health.withDetail("detail", status.detail());
        }
        if (status.checkedAt() != null) {
            health.withDetail("checkedAt", status.checkedAt().toString());
        }
        return health.build();
    }
}
