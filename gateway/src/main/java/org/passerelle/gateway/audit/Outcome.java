package org.passerelle.gateway.audit;

/** The outcome of an audited step, stored as these lower-case strings. */
public enum Outcome {
    SUCCESS("success"),
    ERROR("error"),
    CANCELLED("cancelled"),
    FRAUD_DETECTED("fraud_detected");

    private final String value;

    Outcome(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Outcome of(String value) {
        for (Outcome outcome : values()) {
            if (outcome.value.equals(value)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("Unknown outcome " + value);
    }

    public boolean isFailure() {
        return this == ERROR || this == FRAUD_DETECTED;
    }
}
