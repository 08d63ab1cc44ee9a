package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Date a payment list is sorted by. */
public enum SortField {
    DATE("Date"),
    UPDATE_DATE("UpdateDate"),
    CREATION_DATE("CreationDate"),
    /** A value HelloAsso sent that this version of the client does not know. Never sent. */
    UNRECOGNIZED(null);

    private final String wireValue;

    SortField(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The exact string HelloAsso uses on the wire. */
    @JsonValue
    public String wireValue() {
        return wireValue;
    }

    /** Parses a wire value; a value unknown to this version becomes {@link #UNRECOGNIZED} rather than failing. */
    @JsonCreator
    public static SortField fromWireValue(String value) {
        return WireValues.parse(values(), SortField::wireValue, value, UNRECOGNIZED);
    }
}
