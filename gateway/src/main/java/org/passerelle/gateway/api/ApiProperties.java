package org.passerelle.gateway.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code passerelle.api.*}: the API keys given in the configuration, and the listing page size limit. */
@ConfigurationProperties("passerelle.api")
@Validated
public record ApiProperties(
        /* Comma-separated secrets, each at least 24 characters; keys can also be created in the admin console. */
        @DefaultValue("") String keys,
        @Min(1) @Max(500) @DefaultValue("100") int maxPageSize) {

    public List<String> keyList() {
        return Arrays.stream(keys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }
}
