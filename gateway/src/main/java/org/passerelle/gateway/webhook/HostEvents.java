package org.passerelle.gateway.webhook;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.order.EventType;

/** The outbox events host applications are told about (webhooks, and the filter of an endpoint). */
public final class HostEvents {

    public static final Set<String> ALL = Arrays.stream(EventType.values()).map(EventType::code)
            .collect(Collectors.toUnmodifiableSet());

    private HostEvents() {
    }
}
