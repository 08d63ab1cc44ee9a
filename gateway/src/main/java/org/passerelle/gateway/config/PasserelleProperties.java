package org.passerelle.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.passerelle.gateway.field.FieldDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code passerelle.*} setting, validated at start-up so that a bad value stops the application with a message
 * naming the setting. Defaults are listed in docs/configuration.md.
 */
@ConfigurationProperties("passerelle")
@Validated
public record PasserelleProperties(
        /* Base of the URLs given to HelloAsso; empty = http://localhost:{server port}. */
        @Pattern(regexp = "^$|^https?://[^\\s?#]+[^/\\s?#]$", message = "must be an http(s) URL without a trailing slash, query or fragment")
        @DefaultValue("") String publicUrl,
        @NotBlank @DefaultValue("./data") String dataDir,
        @Valid @DefaultValue HelloAsso helloasso,
        @Valid @DefaultValue Emulator emulator,
        @Valid @DefaultValue Security security,
        @Valid @DefaultValue Checkout checkout,
        @Valid @DefaultValue Fulfilment fulfilment,
        @Valid @DefaultValue Fraud fraud,
        @Valid List<Offer> offers) {

    public PasserelleProperties {
        offers = offers == null ? List.of() : List.copyOf(offers);
    }

    /** Real HelloAsso when {@code clientId} is set; otherwise the emulator runs in-process. */
    public record HelloAsso(
            @DefaultValue("") String clientId,
            @DefaultValue("") String clientSecret,
            @DefaultValue("") String organization,
            @Pattern(regexp = "^(sandbox|production|https?://\\S+)$", message = "must be sandbox, production or a base URL such as https://api.example.org")
            @DefaultValue("sandbox") String environment,
            @NotNull @DefaultValue("5s") Duration connectTimeout,
            @NotNull @DefaultValue("20s") Duration requestTimeout,
            @Valid @DefaultValue Partner partner) {

        public boolean emulated() {
            return clientId.isBlank();
        }

        /** Real payments: HelloAsso's production API (HTTPS required everywhere). */
        public boolean production() {
            return !emulated() && "production".equals(environment);
        }

        @AssertTrue(message = "passerelle.helloasso.client-secret and passerelle.helloasso.organization are required when passerelle.helloasso.client-id is set")
        public boolean isComplete() {
            return emulated() || (!clientSecret.isBlank() && !organization.isBlank());
        }
    }

    /**
     * HelloAsso's partner mode (several associations linked from the console); empty client id = off. In emulator mode
     * the emulator's partner client is used whatever is set here.
     */
    public record Partner(@DefaultValue("") String clientId, @DefaultValue("") String clientSecret) {

        public boolean configured() {
            return !clientId.isBlank();
        }

        @AssertTrue(message = "passerelle.helloasso.partner.client-secret is required when passerelle.helloasso.partner.client-id is set")
        public boolean isComplete() {
            return clientId.isBlank() || !clientSecret.isBlank();
        }
    }

    /** @param otherOrganizations slugs of more associations the emulator serves (to try partner linking with) */
    public record Emulator(
            @Min(0) @Max(65535) @DefaultValue("8081") int port,
            @NotBlank @DefaultValue("passerelle-demo") String organization,
            List<@Pattern(regexp = "^[a-z0-9][a-z0-9-]*$", message = "must be a slug: lower-case letters, digits and dashes") String> otherOrganizations) {

        public Emulator {
            otherOrganizations = otherOrganizations == null ? List.of() : List.copyOf(otherOrganizations);
        }
    }

    public record Security(
            /* HMAC key of the signed state in HelloAsso URLs; empty = generated once and stored in the database. */
            @DefaultValue("") String stateKey,
            @NotNull @DefaultValue("24h") Duration stateTtl) {

        @AssertTrue(message = "passerelle.security.state-key must be empty (generated) or at least 32 characters long")
        public boolean isStateKeyLongEnough() {
            return stateKey.isEmpty() || stateKey.length() >= 32;
        }
    }

    public record Checkout(
            /* How long HelloAsso keeps a checkout redirect valid; a new intent is created after that. */
            @NotNull @DefaultValue("15m") Duration redirectValidity) {
    }

    public record Fulfilment(
            @NotNull @DefaultValue("10s") Duration sweepInterval,
            @NotNull @DefaultValue("30s") Duration firstRetryDelay,
            @NotNull @DefaultValue("6h") Duration maxRetryDelay,
            @Min(1) @DefaultValue("20") int maxAttempts,
            @NotNull @DefaultValue("2m") Duration claimDuration) {
    }

    public record Fraud(
            /* Failures (errors and fraud signals) from one IP or on one order within the window that raise a signal. */
            @Min(2) @DefaultValue("5") int failureThreshold,
            @NotNull @DefaultValue("1h") Duration failureWindow) {
    }

    public record Offer(
            @NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9-]{0,99}$", message = "must be lower-case letters, digits and dashes") String id,
            @NotBlank @Size(max = 250) String name,
            @DefaultValue("") String description,
            /* Fixed price in cents; ignored when pay-what-you-want. */
            @Min(50) Integer price,
            /* Minimum in cents for pay-what-you-want offers (HelloAsso's minimum is 50). */
            @Min(50) @DefaultValue("50") int minPrice,
            @DefaultValue("false") boolean payWhatYouWant,
            @DefaultValue("false") boolean donation,
            @DefaultValue("false") boolean askBirthDate,
            /* Paid in this many monthly terms (1 = at once, up to 12), the first when ordering. */
            @Min(1) @Max(12) @DefaultValue("1") int instalments,
            /* Questions asked to payers (docs/configuration.md, "Questions to payers"). */
            @DefaultValue List<FieldDefinition> fields) {

        @AssertTrue(message = "a fixed-price offer needs a price (in cents, at least 50)")
        public boolean isPriced() {
            return payWhatYouWant || price != null;
        }
    }
}
