package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How an item's price is set: fixed, pay-what-you-want or free. */
public enum PriceCategory {
    FIXED("Fixed"),
    PWYW("Pwyw"),
    FREE("Free"),
    /** A value HelloAsso sent that this version of the client does not know. Never sent. */
    UNRECOGNIZED(null);

    private final String wireValue;

    PriceCategory(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The exact string HelloAsso uses on the wire. */
    @JsonValue
    public String wireValue() {
        return wireValue;
    }

    /** Parses a wire value; a value unknown to this version becomes {@link #UNRECOGNIZED} rather than failing. */
    @JsonCreator
    public static PriceCategory fromWireValue(String value) {
        return WireValues.parse(values(), PriceCategory::wireValue, value, UNRECOGNIZED);
    }
}
