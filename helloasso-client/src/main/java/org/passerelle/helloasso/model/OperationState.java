package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** State of a refund operation. */
public enum OperationState {
    UNKNOWN("Unknown"),
    INIT("Init"),
    PROCESSING("Processing"),
    PROCESSED("Processed"),
    ERROR("Error"),
    INTERNAL_ERROR("InternalError"),
    REFUSED("Refused"),
    ABORTED("Aborted"),
    CANCELED("Canceled");

    private final String wireValue;

    OperationState(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The exact string HelloAsso uses on the wire. */
    @JsonValue
    public String wireValue() {
        return wireValue;
    }

    /** Parses a wire value; a value unknown to this version becomes {@link #UNKNOWN} rather than failing. */
    @JsonCreator
    public static OperationState fromWireValue(String value) {
        return WireValues.parse(values(), OperationState::wireValue, value, UNKNOWN);
    }
}
