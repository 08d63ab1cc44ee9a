package org.passerelle.gateway.secret;

/**
 * A key problem found at start-up: a configured key that is not a key, or a stored secret that no configured key
 * opens. Passerelle stops with {@link #problem()} and {@link #action()} (config.SettingsFailureAnalyzer), naming the
 * settings by their public names; neither ever holds a key or a secret.
 */
public class SecretKeyException extends RuntimeException {

    private final String action;

    public SecretKeyException(String problem, String action) {
        this(problem, action, null);
    }

    public SecretKeyException(String problem, String action, Throwable cause) {
        super(problem, cause);
        this.action = action;
    }

    public String problem() {
        return getMessage();
    }

    public String action() {
        return action;
    }
}
