package org.passerelle.gateway.retention;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The purge of webhook deliveries a host acknowledged: plain SQL on the table's status and delivery time (index of
 * migration V26_2), in batches, so that a first purge of a large table never holds one huge transaction. Pending
 * deliveries and given-up ones (DEAD, to redeliver from the console) stay; the fulfilment row and its per-handler
 * record stay too, so that nothing is delivered twice.
 */
@Component
public class WebhookDeliveryRetention {

    static final int BATCH = 5_000;

    private final JdbcClient jdbc;

    public WebhookDeliveryRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Deletes the DELIVERED webhook deliveries delivered before {@code before}, oldest first; returns how many. */
    public int purgeDeliveredBefore(OffsetDateTime before) {
        int total = 0;
        List<Long> batch;
        do {
            batch = jdbc.sql("SELECT id FROM webhook_deliveries WHERE delivered_at < :before AND status = 'DELIVERED'"
                            + " ORDER BY delivered_at LIMIT :batch")
                    .param("before", before).param("batch", BATCH).query(Long.class).list();
            if (!batch.isEmpty()) {
                total += jdbc.sql("DELETE FROM webhook_deliveries WHERE id IN (:ids) AND status = 'DELIVERED'")
                        .param("ids", batch).update();
            }
        } while (batch.size() == BATCH);
        return total;
    }
}
