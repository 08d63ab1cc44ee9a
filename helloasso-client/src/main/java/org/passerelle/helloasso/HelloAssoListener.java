package org.passerelle.helloasso;

import java.time.Duration;

/**
 * Observes calls, for metrics and benchmarks. Called once per client call (after retries): {@link #onResponse} when
 * HelloAsso answered, whatever the status; {@link #onFailure} when the call got no answer (network error, timeout, or
 * no access token could be obtained). {@code operation} is a stable name such as {@code checkoutIntents.create}; {@code path} is the
 * real path without query string. Implementations must be fast and must not throw.
 */
public interface HelloAssoListener {

    HelloAssoListener NONE = new HelloAssoListener() {
    };

    default void onResponse(String operation, String method, String path, int status, Duration duration) {
    }

    default void onFailure(String operation, String method, String path, Throwable error, Duration duration) {
    }

    /** One per token request; {@code grantType} is {@code client_credentials} or {@code refresh_token}. */
    default void onTokenRequest(String grantType, boolean success) {
    }

    /**
     * The listener for the calls of a client acting for one linked organization ({@link Partner#organization}): this
     * one by default; a listener that tells organizations apart (metrics by organization) returns a view of itself
     * that knows {@code organizationSlug}, since most of HelloAsso's paths (an order, a payment) do not name it.
     */
    default HelloAssoListener forOrganization(String organizationSlug) {
        return this;
    }
}
