package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Kind of HelloAsso form an order came from; checkout intents produce {@link #CHECKOUT} orders. */
public enum FormType {
    CROWD_FUNDING("CrowdFunding"),
    MEMBERSHIP("Membership"),
    EVENT("Event"),
    DONATION("Donation"),
    PAYMENT_FORM("PaymentForm"),
    CHECKOUT("Checkout"),
    SHOP("Shop"),
    /** A value HelloAsso sent that this version of the client does not know. Never sent. */
    UNRECOGNIZED(null);

    private final String wireValue;

    FormType(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The exact string HelloAsso uses on the wire. */
    @JsonValue
    public String wireValue() {
        return wireValue;
    }

    /** Parses a wire value; a value unknown to this version becomes {@link #UNRECOGNIZED} rather than failing. */
    @JsonCreator
    public static FormType fromWireValue(String value) {
        return WireValues.parse(values(), FormType::wireValue, value, UNRECOGNIZED);
    }
}
