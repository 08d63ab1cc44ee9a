package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Kind of payment operation. */
public enum PaymentType {
    OFFLINE("Offline"),
    CREDIT("Credit"),
    DEBIT("Debit"),
    /** A value HelloAsso sent that this version of the client does not know. Never sent. */
    UNRECOGNIZED(null);

    private final String wireValue;

    PaymentType(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The exact string HelloAsso uses on the wire. */
    @JsonValue
    public String wireValue() {
        return wireValue;
    }

    /** Parses a wire value; a value unknown to this version becomes {@link #UNRECOGNIZED} rather than failing. */
    @JsonCreator
    public static PaymentType fromWireValue(String value) {
        return WireValues.parse(values(), PaymentType::wireValue, value, UNRECOGNIZED);
    }
}
