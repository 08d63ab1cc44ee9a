package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** State of a payment. Only {@link #AUTHORIZED} means the money was taken. */
public enum PaymentState {
    PENDING("Pending"),
    AUTHORIZED("Authorized"),
    REFUSED("Refused"),
    UNKNOWN("Unknown"),
    REGISTERED("Registered"),
    ERROR("Error"),
    REFUNDED("Refunded"),
    REFUNDING("Refunding"),
    WAITING("Waiting"),
    CANCELED("Canceled"),
    CONTESTED("Contested"),
    WAITING_BANK_VALIDATION("WaitingBankValidation"),
    WAITING_BANK_WITHDRAW("WaitingBankWithdraw"),
    ABANDONED("Abandoned"),
    WAITING_AUTHENTICATION("WaitingAuthentication"),
    AUTHORIZED_PREPROD("AuthorizedPreprod"),
    CORRECTED("Corrected"),
    DELETED("Deleted"),
    INCONSISTENT("Inconsistent"),
    NO_DONATION("NoDonation"),
    INIT("Init");

    private final String wireValue;

    PaymentState(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The exact string HelloAsso uses on the wire. */
    @JsonValue
    public String wireValue() {
        return wireValue;
    }

    /** Parses a wire value; a value unknown to this version becomes {@link #UNKNOWN} rather than failing. */
    @JsonCreator
    public static PaymentState fromWireValue(String value) {
        return WireValues.parse(values(), PaymentState::wireValue, value, UNKNOWN);
    }
}
