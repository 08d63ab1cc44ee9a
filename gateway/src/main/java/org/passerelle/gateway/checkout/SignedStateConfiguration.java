package org.passerelle.gateway.checkout;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.passerelle.gateway.config.GeneratedSettings;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.secret.SecretHolder;
import org.passerelle.gateway.secret.StoredSecret;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SignedStateConfiguration implements SecretHolder {

    static final String STATE_KEY_SETTING = "security.state-key";

    @Override
    public List<StoredSecret> storedSecrets() {
        return List.of(StoredSecret.setting(STATE_KEY_SETTING));
    }

    /** The key from passerelle.security.state-key, or one generated once and shared through the database. */
    @Bean
    SignedState signedState(PasserelleProperties properties, GeneratedSettings generated, Clock clock) {
        String key = properties.security().stateKey();
        if (key.isEmpty()) {
            key = generated.getOrGenerate(STATE_KEY_SETTING);
        }
        return new SignedState(key.getBytes(StandardCharsets.UTF_8), properties.security().stateTtl(), clock);
    }
}
