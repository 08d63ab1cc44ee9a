package org.passerelle.gateway.fulfilment;

import org.passerelle.gateway.config.UtcClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The default channel: records the delivery of each outbox row once. Like every channel it is idempotent: a
 * redelivery of the same row (after another channel failed, or a crash before the row was marked) records nothing new.
 */
@Component
public class RecordingFulfilmentHandler implements FulfilmentHandler {

    private static final Logger log = LoggerFactory.getLogger(RecordingFulfilmentHandler.class);

    private final JdbcClient jdbc;
    private final UtcClock clock;

    public RecordingFulfilmentHandler(JdbcClient jdbc, UtcClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "record";
    }

    @Override
    public void deliver(FulfilmentEvent event) {
        int recorded = jdbc.sql("""
                INSERT INTO fulfilment_deliveries (fulfilment_id, order_id, event, handler, delivered_at)
                SELECT :fulfilment, :order, :event, :handler, :now
                WHERE NOT EXISTS (SELECT 1 FROM fulfilment_deliveries WHERE fulfilment_id = :fulfilment AND handler = :handler)
                """)
                .param("fulfilment", event.fulfilmentId())
                .param("order", event.order().id())
                .param("event", event.event().code())
                .param("handler", name())
                .param("now", clock.now())
                .update();
        if (recorded == 0) {
            return;
        }
        log.info("Fulfilled {} for order {} ({}, {} cents)", event.event(), event.order().id(),
                event.order().itemName(), event.order().amount());
    }
}
