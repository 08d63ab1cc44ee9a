package org.passerelle.gateway.field;

import java.util.Locale;

/**
 * A payer's answer to one field, stored with the order as it was asked: the key, type and labels of the question at
 * the time (a later change of the offer leaves them as they were), and the value as text ({@code true}/{@code false}
 * for a tick-box, an ISO date, a number with a dot; empty when an optional field was left blank).
 */
public record Answer(String key, FieldType type, String labelFr, String labelEn, String value, boolean sendToHelloAsso) {

    public Answer {
        value = value == null ? "" : value;
    }

    /** The label in the reader's language (French unless English is asked). */
    public String label(Locale locale) {
        return FieldDefinition.inLanguage(labelFr, labelEn, locale);
    }

    public boolean isChecked() {
        return type == FieldType.CHECKBOX && "true".equals(value);
    }

    public boolean isCheckbox() {
        return type == FieldType.CHECKBOX;
    }
}
