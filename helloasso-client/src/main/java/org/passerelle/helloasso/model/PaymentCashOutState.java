package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where the money of a payment stands in HelloAsso's payout process ({@code Transfered} is HelloAsso's spelling). */
public enum PaymentCashOutState {
    MONEY_IN("MoneyIn"),
    CANT_TRANSFER_RECEIVER_FULL("CantTransferReceiverFull"),
    TRANSFERED("Transfered"),
    REFUNDED("Refunded"),
    REFUNDING("Refunding"),
    WAITING_FOR_CASH_OUT_CONFIRMATION("WaitingForCashOutConfirmation"),
    CASHED_OUT("CashedOut"),
    UNKNOWN("Unknown"),
    CONTESTED("Contested"),
    TRANSFER_IN_PROGRESS("TransferInProgress");

    private final String wireValue;

    PaymentCashOutState(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The exact string HelloAsso uses on the wire. */
    @JsonValue
    public String wireValue() {
        return wireValue;
    }

    /** Parses a wire value; a value unknown to this version becomes {@link #UNKNOWN} rather than failing. */
    @JsonCreator
    public static PaymentCashOutState fromWireValue(String value) {
        return WireValues.parse(values(), PaymentCashOutState::wireValue, value, UNKNOWN);
    }
}
