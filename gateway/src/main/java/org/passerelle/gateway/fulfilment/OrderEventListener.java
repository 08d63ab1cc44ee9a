package org.passerelle.gateway.fulfilment;

import org.passerelle.gateway.order.OrderEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Writes the outbox row of an order event in the publisher's transaction (synchronous listener). */
@Component
class OrderEventListener {

    private final FulfilmentDispatcher dispatcher;

    OrderEventListener(FulfilmentDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @EventListener
    void on(OrderEvent event) {
        dispatcher.enqueue(event.orderId(), event.event(), event.key());
    }
}
