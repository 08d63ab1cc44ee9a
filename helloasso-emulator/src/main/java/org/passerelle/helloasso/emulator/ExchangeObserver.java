package org.passerelle.helloasso.emulator;

import java.util.List;
import java.util.Map;

/**
 * Sees every API exchange the emulator answers and every notification it produces, e.g. to check them against
 * HelloAsso's OpenAPI spec in a contract test. Called on the emulator's threads; must be thread-safe and quick.
 * Registered with {@link EmulatorControl#observe(ExchangeObserver)}; a reset keeps observers.
 */
public interface ExchangeObserver {

    /**
     * One API or token call: the request as received (raw path and query, headers, body) and the answer sent.
     * {@code operation} is the name used in fault injection ({@code checkoutIntents.create}…), null for a path the
     * API has but not with this method.
     */
    record Exchange(String operation, String method, String path, String rawQuery,
                    Map<String, List<String>> requestHeaders, byte[] requestBody, int status,
                    String responseContentType, byte[] responseBody) {
    }

    void exchanged(Exchange exchange);

    /** A notification produced (once per event, whether or not a URL receives it): its type and exact JSON body. */
    default void notified(String eventType, String body) {
    }
}
