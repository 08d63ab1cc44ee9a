package org.passerelle.gateway.order;

import java.util.Arrays;

/**
 * What happened to an order that the rest of the world is told about: the fulfilment outbox's events, the webhooks'
 * {@code type}, what a webhook endpoint subscribes to. The code is what is stored and sent; it never changes.
 */
public enum EventType {
    ORDER_PAID("order.paid"),
    ORDER_FAILED("order.failed"),
    ORDER_EXPIRED("order.expired"),
    ORDER_CANCELLED("order.cancelled"),
    INSTALMENT_PAID("instalment.paid"),
    INSTALMENT_FAILED("instalment.failed"),
    ORDER_REFUNDED("order.refunded"),
    ORDER_PARTIALLY_REFUNDED("order.partially_refunded"),
    ORDER_CONTESTED("order.contested"),
    INSTALMENTS_CANCELLED("instalments.cancelled");

    private final String code;

    EventType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The type of a stored code. */
    public static EventType of(String code) {
        return Arrays.stream(values()).filter(type -> type.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No event type " + code));
    }

    /** The code, so that log lines and messages read as before. */
    @Override
    public String toString() {
        return code;
    }
}
