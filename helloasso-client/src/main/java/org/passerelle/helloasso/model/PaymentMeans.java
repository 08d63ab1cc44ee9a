package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a payment was made. */
public enum PaymentMeans {
    NONE("None"),
    CARD("Card"),
    SEPA("Sepa"),
    CHECK("Check"),
    CASH("Cash"),
    BANK_TRANSFER("BankTransfer"),
    OTHER("Other"),
    /** A value HelloAsso sent that this version of the client does not know. Never sent. */
    UNRECOGNIZED(null);

    private final String wireValue;

    PaymentMeans(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The exact string HelloAsso uses on the wire. */
    @JsonValue
    public String wireValue() {
        return wireValue;
    }

    /** Parses a wire value; a value unknown to this version becomes {@link #UNRECOGNIZED} rather than failing. */
    @JsonCreator
    public static PaymentMeans fromWireValue(String value) {
        return WireValues.parse(values(), PaymentMeans::wireValue, value, UNRECOGNIZED);
    }
}
