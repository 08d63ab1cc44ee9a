package org.passerelle.gateway.config;

import org.passerelle.gateway.startup.SettingsException;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The base of the URLs given to HelloAsso: {@code passerelle.public-url}, or http://localhost:{port} once the web
 * server knows its port.
 */
@Component
public class PublicUrl {

    private final String configured;
    private volatile String derived;

    public PublicUrl(PasserelleProperties properties) {
        this.configured = properties.publicUrl();
        if (properties.helloasso().production()) {
            requireHttps(configured);
        }
    }

    /** With real payments HelloAsso sends payers and notifications to HTTPS addresses only: refuse to start otherwise. */
    private static void requireHttps(String configured) {
        String how = "Serve Passerelle over HTTPS (a reverse proxy such as nginx or Caddy in front of it, see"
                + " docs/operations.md) and set passerelle.public-url to that address, e.g. https://pay.example.org;"
                + " to try things out first, keep passerelle.helloasso.environment=sandbox (docs/going-live.md).";
        if (configured.isEmpty()) {
            throw new SettingsException("passerelle.helloasso.environment is production but passerelle.public-url is"
                    + " not set, so HelloAsso would send payers back to http://localhost (this machine only).", how);
        }
        if (!configured.startsWith("https://")) {
            throw new SettingsException("passerelle.public-url is " + configured + " but passerelle.helloasso.environment"
                    + " is production: HelloAsso sends payers and notifications to https:// addresses only.", how);
        }
    }

    @EventListener
    void onWebServerStarted(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            derived = "http://localhost:" + event.getWebServer().getPort();
        }
    }

    public String base() {
        if (!configured.isEmpty()) {
            return configured;
        }
        if (derived == null) {
            throw new IllegalStateException("passerelle.public-url is not set and the web server has not started yet");
        }
        return derived;
    }

    public boolean isHttps() {
        return base().startsWith("https://");
    }

    public String resolve(String path) {
        return base() + path;
    }
}
