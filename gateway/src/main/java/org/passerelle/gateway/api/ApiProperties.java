package org.passerelle.gateway.api;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code passerelle.api.*}: the API keys given in the configuration, the listing page size limit, how long an
 * {@code Idempotency-Key} is kept, and the largest body accepted.
 */
@ConfigurationProperties("passerelle.api")
@Validated
public record ApiProperties(
        /* Comma-separated secrets, each at least 24 characters; keys can also be created in the admin console. */
        @DefaultValue("") String keys,
        @Min(1) @Max(500) @DefaultValue("100") int maxPageSize,
        /* An Idempotency-Key answers the same for this long after its first use, then may be used afresh. */
        @NotNull @DefaultValue("24h") Duration idempotencyKeyTtl,
        /* How often expired Idempotency-Keys are deleted. */
        @NotNull @DefaultValue("1h") Duration idempotencyPurgeInterval,
        /* Largest request body accepted (a 413 problem above it). */
        @NotNull @DefaultValue("64KB") DataSize maxBodySize) {

    @AssertTrue(message = "idempotency-key-ttl must be at least 10 minutes")
    public boolean isIdempotencyKeyTtlLongEnough() {
        return idempotencyKeyTtl == null || idempotencyKeyTtl.compareTo(Duration.ofMinutes(10)) >= 0;
    }

    public List<String> keyList() {
        return Arrays.stream(keys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }
}
