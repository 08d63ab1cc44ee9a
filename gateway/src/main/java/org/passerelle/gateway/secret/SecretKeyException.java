package org.passerelle.gateway.secret;

import org.passerelle.gateway.startup.SettingsException;

/**
 * A key problem found at start-up: a configured key that is not a key, or a stored secret that no configured key
 * opens. Passerelle stops with its problem and action like any other {@link SettingsException}, naming the settings
 * by their public names; neither ever holds a key or a secret. Its own type lets the callers that read a secret say
 * where it is stored.
 */
public class SecretKeyException extends SettingsException {

    public SecretKeyException(String problem, String action) {
        super(problem, action);
    }

    public SecretKeyException(String problem, String action, Throwable cause) {
        super(problem, action, cause);
    }
}
