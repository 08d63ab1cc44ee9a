package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Kind of item sold (HelloAsso calls a price level a tier). */
public enum TierType {
    DONATION("Donation"),
    PAYMENT("Payment"),
    REGISTRATION("Registration"),
    MEMBERSHIP("Membership"),
    MONTHLY_DONATION("MonthlyDonation"),
    MONTHLY_PAYMENT("MonthlyPayment"),
    OFFLINE_DONATION("OfflineDonation"),
    CONTRIBUTION("Contribution"),
    BONUS("Bonus"),
    PRODUCT("Product"),
    /** A value HelloAsso sent that this version of the client does not know. Never sent. */
    UNRECOGNIZED(null);

    private final String wireValue;

    TierType(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The exact string HelloAsso uses on the wire. */
    @JsonValue
    public String wireValue() {
        return wireValue;
    }

    /** Parses a wire value; a value unknown to this version becomes {@link #UNRECOGNIZED} rather than failing. */
    @JsonCreator
    public static TierType fromWireValue(String value) {
        return WireValues.parse(values(), TierType::wireValue, value, UNRECOGNIZED);
    }
}
