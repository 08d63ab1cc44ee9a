package org.passerelle.helloasso.notification;

import java.util.Map;
import org.passerelle.helloasso.model.Order;

/** An order was created. {@code metadata} is what the checkout sent, null otherwise. */
public record OrderNotification(Order data, Map<String, Object> metadata) implements Notification {

    @Override
    public String eventType() {
        return "Order";
    }
}
