package org.passerelle.gateway.webhook;

/** Lets the persistence contract write a delivery row the way the fan-out does. */
public final class WebhookDeliveriesAccess {

    private WebhookDeliveriesAccess() {
    }

    public static boolean insert(WebhookDeliveries deliveries, long fulfilmentId, String orderId,
            WebhookEndpoints.Endpoint endpoint) {
        return deliveries.insert(fulfilmentId, orderId, endpoint, "order.paid", "", "msg_" + orderId + "_order.paid", "{}");
    }
}
