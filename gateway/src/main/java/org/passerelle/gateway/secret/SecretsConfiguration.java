package org.passerelle.gateway.secret;

import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    /** The generated key goes beside the embedded database (passerelle.data-dir); nowhere when it is in memory. */
    @Bean
    SecretBox secretBox(SecretsProperties properties, Environment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        Path dataDir = url.startsWith("jdbc:h2:mem:") ? null
                : Path.of(environment.getProperty("passerelle.data-dir", "./data"));
        return SecretKeys.load(properties, dataDir, !url.startsWith("jdbc:h2:"));
    }
}
