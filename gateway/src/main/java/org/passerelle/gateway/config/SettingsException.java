package org.passerelle.gateway.config;

/**
 * A setting that cannot work, found at start-up: Passerelle stops with {@link #problem()} and {@link #action()} as
 * one short paragraph (see {@link SettingsFailureAnalyzer}), naming settings by their public names.
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
