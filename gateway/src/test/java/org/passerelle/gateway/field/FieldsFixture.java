package org.passerelle.gateway.field;

import java.util.List;

/** One field of every type, as the tests ask them. */
public final class FieldsFixture {

    private FieldsFixture() {
    }

    public static FieldDefinition field(String key, FieldType type, boolean required) {
        return new FieldDefinition(key, type, required, "Question " + key, "Question " + key + " (en)", null, null,
                null, null, null, null, null, List.of(), false);
    }

    /** Licence (text, pattern), age (number 5–99), birth (date from 1900), email, phone, size (choice), rules
     * (tick-box, required), notes (multi-line, optional, at most 300). */
    public static List<FieldDefinition> everyType() {
        return List.of(
                new FieldDefinition("licence", FieldType.TEXT, true, "Numéro de licence", "Licence number",
                        "Sur votre carte", "On your card", 4, 12, null, null, "[A-Z]{2}[0-9]+", List.of(), true),
                new FieldDefinition("age", FieldType.NUMBER, true, "Âge", "Age", null, null, null, null, "5", "99",
                        null, List.of(), false),
                new FieldDefinition("birth", FieldType.DATE, false, "Date de naissance", "Date of birth", null, null,
                        null, null, "1900-01-01", "2026-12-31", null, List.of(), false),
                new FieldDefinition("contact_email", FieldType.EMAIL, false, "E-mail du contact", "Contact e-mail",
                        null, null, null, null, null, null, null, List.of(), false),
                new FieldDefinition("phone", FieldType.PHONE, true, "Téléphone le jour J", "Phone on the day", null,
                        null, null, null, null, null, null, List.of(), false),
                new FieldDefinition("size", FieldType.CHOICE, true, "Taille de T-shirt", "T-shirt size", null, null,
                        null, null, null, null, null, List.of("S", "M", "L", "XL"), false),
                new FieldDefinition("rules", FieldType.CHECKBOX, true, "J'accepte le règlement",
                        "I accept the rules", null, null, null, null, null, null, null, List.of(), false),
                new FieldDefinition("notes", FieldType.MULTILINE, false, "Remarques", "Notes", null, null, null, 300,
                        null, null, null, List.of(), false));
    }
}
