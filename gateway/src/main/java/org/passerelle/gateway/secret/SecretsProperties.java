package org.passerelle.gateway.secret;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code passerelle.secrets.*}: the key that encrypts the secrets kept in the database (32 random bytes in base64,
 * {@code openssl rand -base64 32}; empty = generated once in {@code {data-dir}/secrets.key}), and the keys still read
 * while a rotation moves every value to the new one. Checked by {@link SecretKeys}, which never shows them.
 */
@ConfigurationProperties("passerelle.secrets")
public record SecretsProperties(
        @DefaultValue("") String key,
        @DefaultValue List<String> previousKeys) {

    public SecretsProperties {
        previousKeys = previousKeys == null ? List.of()
                : previousKeys.stream().filter(k -> k != null && !k.isBlank()).toList();
    }
}
