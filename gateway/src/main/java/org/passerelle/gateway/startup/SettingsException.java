package org.passerelle.gateway.startup;

/**
 * A setting that cannot work, found at start-up: Passerelle stops with {@link #problem()} and {@link #action()} as
 * one short paragraph (config.SettingsFailureAnalyzer), naming settings by their public names. It lives in a package
 * of its own, which depends on nothing, so that every feature can throw it (config, offer, secret) without a cycle.
 */
public class SettingsException extends RuntimeException {

    private final String action;

    public SettingsException(String problem, String action) {
        this(problem, action, null);
    }

    public SettingsException(String problem, String action, Throwable cause) {
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
