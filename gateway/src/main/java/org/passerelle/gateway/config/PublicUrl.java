package org.passerelle.gateway.config;

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
