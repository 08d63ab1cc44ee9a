package org.passerelle.gateway.admin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code passerelle.admin.*}: who may open the admin console and the metrics. Listed in docs/operations.md. */
@ConfigurationProperties("passerelle.admin")
@Validated
public record AdminProperties(
        /* The ADMIN user; empty = none (in emulator mode: "admin" with a password generated and printed at start-up). */
        @DefaultValue("") String username,
        /* Plain, or encoded with its id prefix ({bcrypt}$2a$...). */
        @DefaultValue("") String password,
        /* Read-only users (role VIEWER). */
        @Valid List<User> viewers,
        /* Bearer token a Prometheus server may send to read /actuator/prometheus; empty = ADMIN basic auth only. */
        @DefaultValue("") String metricsToken,
        /* Failed logins for one user name (from any address) before each further attempt has to wait, doubling from 1 s. */
        @Min(1) @DefaultValue("5") int freeLoginAttempts,
        /* Failed logins from one address (whatever the user names) before each further attempt has to wait. */
        @Min(1) @DefaultValue("20") int freeLoginAttemptsPerAddress,
        /* Longest wait between two login attempts after repeated failures. */
        @NotNull @DefaultValue("15m") Duration maxLoginDelay,
        /* Time zone of the console's days (dashboard, chart, date filters, CSV). */
        @NotNull @DefaultValue("Europe/Paris") ZoneId zone,
        /* Users of some organizations only (issue 18): ADMIN of admin-of's slugs, VIEWER of viewer-of's. */
        @Valid List<ScopedUser> users) {

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public AdminProperties {
        viewers = viewers == null ? List.of() : List.copyOf(viewers);
        users = users == null ? List.of() : List.copyOf(users);
    }

    public AdminProperties(String username, String password, List<User> viewers, String metricsToken,
            int freeLoginAttempts, int freeLoginAttemptsPerAddress, Duration maxLoginDelay, ZoneId zone) {
        this(username, password, viewers, metricsToken, freeLoginAttempts, freeLoginAttemptsPerAddress, maxLoginDelay,
                zone, List.of());
    }

    /** A read-only user of every organization (as before organizations existed). */
    public record User(@NotBlank String username, @NotBlank String password) {
    }

    /** A console user of the organizations listed only: ADMIN of {@code adminOf}, VIEWER of {@code viewerOf}. */
    public record ScopedUser(@NotBlank String username, @NotBlank String password, List<String> adminOf,
                             List<String> viewerOf) {

        public ScopedUser {
            adminOf = adminOf == null ? List.of() : List.copyOf(adminOf);
            viewerOf = viewerOf == null ? List.of() : List.copyOf(viewerOf);
        }

        @AssertTrue(message = "each of passerelle.admin.users needs admin-of or viewer-of (organization slugs)")
        public boolean isOfSomeOrganization() {
            return !adminOf.isEmpty() || !viewerOf.isEmpty();
        }
    }

    @AssertTrue(message = "passerelle.admin.username and passerelle.admin.password go together")
    public boolean isAdminComplete() {
        return username.isBlank() == password.isBlank();
    }

    @AssertTrue(message = "passerelle.admin.metrics-token must be empty or at least 32 characters long")
    public boolean isMetricsTokenLongEnough() {
        return metricsToken.isEmpty() || metricsToken.length() >= 32;
    }
}
