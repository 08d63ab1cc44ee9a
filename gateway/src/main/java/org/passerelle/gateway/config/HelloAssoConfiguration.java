package org.passerelle.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.passerelle.gateway.startup.SettingsException;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.HelloAssoEnvironment;
import org.passerelle.helloasso.HelloAssoListener;
import org.passerelle.helloasso.emulator.EmulatorConfig;
import org.passerelle.helloasso.emulator.HelloAssoEmulator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The HelloAsso client: against the real API when {@code passerelle.helloasso.client-id} is set, otherwise against
 * the emulator started in this process (emulator mode: no real money).
 */
@Configuration(proxyBeanMethods = false)
public class HelloAssoConfiguration {

    /** Present only in emulator mode. */
    public record EmulatorHolder(HelloAssoEmulator emulator) implements AutoCloseable {

        @Override
        public void close() {
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    EmulatorHolder emulatorHolder(PasserelleProperties properties, Clock clock, Environment environment) {
        if (!properties.helloasso().emulated()) {
            return new EmulatorHolder(null);
        }
        PasserelleProperties.Emulator settings = properties.emulator();
        try {
            EmulatorConfig.Builder config = EmulatorConfig.builder()
                    .port(settings.port())
                    .organization(settings.organization())
                    .clock(clock)
                    .dataDir(emulatorDataDir(properties, environment));
            settings.otherOrganizations().forEach(slug -> config.addOrganization(slug, slug));
            return new EmulatorHolder(HelloAssoEmulator.start(config.build()));
        } catch (RuntimeException e) {
            Path dataDir = emulatorDataDir(properties, environment);
            throw new SettingsException("the emulated HelloAsso (emulator mode) could not start: " + e.getMessage(),
                    "Check that port " + settings.port() + " is free (passerelle.emulator.port, 0 = any)"
                    + (dataDir == null ? "" : " and that " + dataDir + " can be written (passerelle.data-dir)")
                    + ", or configure a real HelloAsso account (docs/going-live.md).", e);
        }
    }

    /**
     * The emulated HelloAsso keeps its state beside the database it goes with ({@code {data-dir}/helloasso-emulator}),
     * so that after a restart it knows the intents, orders and refunds the database refers to, and issues no id twice.
     * A database in memory forgets everything when the application stops: so does the emulator then.
     */
    static Path emulatorDataDir(PasserelleProperties properties, Environment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:h2:mem:")) {
            return null;
        }
        return Path.of(properties.dataDir()).resolve("helloasso-emulator");
    }

    @Bean
    HelloAssoSettings helloAssoSettings(PasserelleProperties properties, EmulatorHolder holder) {
        if (holder.emulator() != null) {
            return new HelloAssoSettings(holder.emulator().organizationSlug(), true,
                    "emulated HelloAsso at " + holder.emulator().baseUrl() + (holder.emulator().dataDir() == null
                            ? " (state in memory)" : " (state kept in " + holder.emulator().dataDir() + ")"));
        }
        return new HelloAssoSettings(properties.helloasso().organization(), false,
                "HelloAsso " + properties.helloasso().environment());
    }

    @Bean
    HelloAssoClient helloAssoClient(PasserelleProperties properties, EmulatorHolder holder, Clock clock,
            ObjectProvider<HelloAssoListener> listeners) {
        PasserelleProperties.HelloAsso settings = properties.helloasso();
        HelloAssoClient.Builder builder = HelloAssoClient.builder()
                .connectTimeout(settings.connectTimeout())
                .requestTimeout(settings.requestTimeout())
                .clock(clock);
        String organization;
        if (holder.emulator() != null) {
            builder.environment(HelloAssoEnvironment.custom(holder.emulator().baseUrl()))
                    .clientId(holder.emulator().clientId())
                    .clientSecret(holder.emulator().clientSecret());
            organization = holder.emulator().organizationSlug();
        } else {
            builder.environment(environment(settings.environment()))
                    .clientId(settings.clientId())
                    .clientSecret(settings.clientSecret());
            organization = settings.organization();
        }
        // the configured client acts for the configured organization: its calls are that organization's
        return builder.listener(listener(listeners).forOrganization(organization)).build();
    }

    /**
     * What hears the calls of a HelloAsso client: every listener bean (metrics, the reconciliation's call count…),
     * for the configured client and the partner's clients alike.
     */
    public static HelloAssoListener listener(ObjectProvider<HelloAssoListener> listeners) {
        java.util.List<HelloAssoListener> all = listeners.orderedStream().toList();
        return all.isEmpty() ? HelloAssoListener.NONE : all.size() == 1 ? all.getFirst() : new CompositeListener(all);
    }

    public static HelloAssoEnvironment environment(String value) {
        return switch (value) {
            case "sandbox" -> HelloAssoEnvironment.SANDBOX;
            case "production" -> HelloAssoEnvironment.PRODUCTION;
            default -> HelloAssoEnvironment.custom(URI.create(value));
        };
    }

    /** Forwards each call to several listeners. */
    record CompositeListener(java.util.List<org.passerelle.helloasso.HelloAssoListener> listeners)
            implements org.passerelle.helloasso.HelloAssoListener {

        @Override
        public void onResponse(String operation, String method, String path, int status, java.time.Duration duration) {
            listeners.forEach(l -> l.onResponse(operation, method, path, status, duration));
        }

        @Override
        public void onFailure(String operation, String method, String path, Throwable error, java.time.Duration duration) {
            listeners.forEach(l -> l.onFailure(operation, method, path, error, duration));
        }

        @Override
        public void onTokenRequest(String grantType, boolean success) {
            listeners.forEach(l -> l.onTokenRequest(grantType, success));
        }

        @Override
        public org.passerelle.helloasso.HelloAssoListener forOrganization(String organizationSlug) {
            return new CompositeListener(listeners.stream().map(l -> l.forOrganization(organizationSlug)).toList());
        }
    }
}
