package org.passerelle.helloasso.notification;

import java.util.Map;
import org.passerelle.helloasso.model.Payment;

/** A payment was made or changed. {@code metadata} is what the checkout sent, null otherwise. */
public record PaymentNotification(Payment data, Map<String, Object> metadata) implements Notification {

    @Override
    public String eventType() {
        return "Payment";
    }
}
