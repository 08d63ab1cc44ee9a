package org.passerelle.helloasso;

import java.net.URI;
import java.util.Objects;

/**
 * Where the API lives: {@link #PRODUCTION}, {@link #SANDBOX}, or any host root (the emulator). The REST API is under
 * {@code /v5} but the token endpoint is not.
 */
public record HelloAssoEnvironment(URI hostRoot) {

    public static final HelloAssoEnvironment PRODUCTION = new HelloAssoEnvironment(URI.create("https://api.helloasso.com"));
    public static final HelloAssoEnvironment SANDBOX = new HelloAssoEnvironment(URI.create("https://api.helloasso-sandbox.com"));

    public HelloAssoEnvironment {
        Objects.requireNonNull(hostRoot, "hostRoot");
        if (!hostRoot.isAbsolute() || hostRoot.getHost() == null) {
            throw new IllegalArgumentException("hostRoot must be an absolute http(s) URI, got " + hostRoot);
        }
        String text = hostRoot.toString();
        if (text.endsWith("/")) {
            hostRoot = URI.create(text.substring(0, text.length() - 1));
        }
    }

    /** Any host root, e.g. {@code http://127.0.0.1:8081} for the emulator. */
    public static HelloAssoEnvironment custom(URI hostRoot) {
        return new HelloAssoEnvironment(hostRoot);
    }

    /** {@code {hostRoot}/v5}, the base of every API path. */
    public URI apiBase() {
        return URI.create(hostRoot + "/v5");
    }

    /** {@code {hostRoot}/oauth2/token}: not under {@code /v5}. */
    public URI tokenUrl() {
        return URI.create(hostRoot + "/oauth2/token");
    }

    /**
     * The partner authorization page (api-notes §1.2): {@code https://auth.helloasso.com/authorize} for production,
     * {@code https://auth.helloasso-sandbox.com/authorize} for the sandbox, {@code {hostRoot}/authorize} otherwise
     * (the emulator).
     */
    public URI authorizeUrl() {
        if (equals(PRODUCTION)) {
            return URI.create("https://auth.helloasso.com/authorize");
        }
        if (equals(SANDBOX)) {
            return URI.create("https://auth.helloasso-sandbox.com/authorize");
        }
        return URI.create(hostRoot + "/authorize");
    }

    /** Real money: the client then also insists on HTTPS return URLs. */
    public boolean isProduction() {
        return equals(PRODUCTION);
    }
}
