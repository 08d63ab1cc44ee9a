package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** State of an order item. */
public enum ItemState {
    WAITING("Waiting"),
    PROCESSED("Processed"),
    REGISTERED("Registered"),
    DELETED("Deleted"),
    UNKNOWN("Unknown"),
    CANCELED("Canceled"),
    REFUSED("Refused"),
    ABANDONED("Abandoned");

    private final String wireValue;

    ItemState(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The exact string HelloAsso uses on the wire. */
    @JsonValue
    public String wireValue() {
        return wireValue;
    }

    /** Parses a wire value; a value unknown to this version becomes {@link #UNKNOWN} rather than failing. */
    @JsonCreator
    public static ItemState fromWireValue(String value) {
        return WireValues.parse(values(), ItemState::wireValue, value, UNKNOWN);
    }
}
