package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Kind of notification a notification URL receives (HelloAsso {@code ApiNotificationType}). */
public enum NotificationType {
    PAYMENT("Payment"),
    ORDER("Order"),
    FORM("Form"),
    ORGANIZATION("Organization"),
    /** A value HelloAsso sent that this version of the client does not know. Never sent. */
    UNRECOGNIZED(null);

    private final String wireValue;

    NotificationType(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The exact string HelloAsso uses on the wire. */
    @JsonValue
    public String wireValue() {
        return wireValue;
    }

    /** Parses a wire value; a value unknown to this version becomes {@link #UNRECOGNIZED} rather than failing. */
    @JsonCreator
    public static NotificationType fromWireValue(String value) {
        return WireValues.parse(values(), NotificationType::wireValue, value, UNRECOGNIZED);
    }
}
