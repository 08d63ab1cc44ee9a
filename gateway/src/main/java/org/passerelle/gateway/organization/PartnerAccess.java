package org.passerelle.gateway.organization;

import java.time.Clock;
import java.util.Optional;
import org.passerelle.gateway.config.HelloAssoConfiguration;
import org.passerelle.gateway.config.HelloAssoConfiguration.EmulatorHolder;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.HelloAssoEnvironment;
import org.passerelle.helloasso.HelloAssoListener;
import org.passerelle.helloasso.Partner;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * HelloAsso's partner mode, when it is on: with {@code passerelle.helloasso.partner.client-id} against the configured
 * HelloAsso, or always in emulator mode (the emulator's partner client). Its tokens live in
 * {@link DatabaseOrganizationTokens}.
 */
@Component
public class PartnerAccess {

    private final Partner partner;
    private final String environment;

    PartnerAccess(PasserelleProperties properties, EmulatorHolder holder, DatabaseOrganizationTokens tokens,
            Clock clock, ObjectProvider<HelloAssoListener> listeners) {
        PasserelleProperties.HelloAsso settings = properties.helloasso();
        HelloAssoClient.Builder builder = HelloAssoClient.builder()
                .connectTimeout(settings.connectTimeout())
                .requestTimeout(settings.requestTimeout())
                .clock(clock)
                .listener(HelloAssoConfiguration.listener(listeners))
                .organizationTokenStore(tokens);
        if (holder.emulator() != null) {
            environment = "emulator";
            partner = builder.environment(HelloAssoEnvironment.custom(holder.emulator().baseUrl()))
                    .clientId(holder.emulator().partnerClientId())
                    .clientSecret(holder.emulator().partnerClientSecret())
                    .build().partner();
        } else if (settings.partner().configured()) {
            environment = settings.environment();
            partner = builder.environment(HelloAssoConfiguration.environment(settings.environment()))
                    .clientId(settings.partner().clientId())
                    .clientSecret(settings.partner().clientSecret())
                    .build().partner();
        } else {
            environment = settings.environment();
            partner = null;
        }
    }

    /** The partner, when partner mode is configured. */
    public Optional<Partner> partner() {
        return Optional.ofNullable(partner);
    }

    /** Where the organizations of this Passerelle are: sandbox, production, a base URL, or emulator. */
    public String environment() {
        return environment;
    }
}
