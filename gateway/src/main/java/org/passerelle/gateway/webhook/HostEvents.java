package org.passerelle.gateway.webhook;

import java.util.Set;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;

/** The outbox events host applications are told about (webhooks, and the filter of an endpoint). */
public final class HostEvents {

    public static final Set<String> ALL = Set.of(
            FulfilmentEvent.ORDER_PAID, FulfilmentEvent.ORDER_FAILED, FulfilmentEvent.ORDER_EXPIRED,
            FulfilmentEvent.ORDER_CANCELLED, FulfilmentEvent.INSTALMENT_PAID, FulfilmentEvent.INSTALMENT_FAILED,
            FulfilmentEvent.ORDER_REFUNDED, FulfilmentEvent.ORDER_PARTIALLY_REFUNDED, FulfilmentEvent.ORDER_CONTESTED,
            FulfilmentEvent.INSTALMENTS_CANCELLED);

    private HostEvents() {
    }
}
