package org.passerelle.gateway.field;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a question expects, with what suits it on a phone (the input's {@code type} and {@code inputmode}) and the
 * longest answer it can take (anything longer is refused, never cut).
 */
public enum FieldType {
    TEXT("text", "text", 255),
    NUMBER("text", "decimal", 40),
    DATE("date", null, 10),
    EMAIL("email", "email", 255),
    PHONE("tel", "tel", 30),
    CHOICE(null, null, 100),
    CHECKBOX("checkbox", null, 5),
    MULTILINE(null, null, 4000);

    private final String inputType;
    private final String inputMode;
    private final int cap;

    FieldType(String inputType, String inputMode, int cap) {
        this.inputType = inputType;
        this.inputMode = inputMode;
        this.cap = cap;
    }

    /** The {@code type} of the form's {@code <input>} (null: a select or a textarea). */
    public String inputType() {
        return inputType;
    }

    /** The on-screen keyboard a phone shows (null: its default). */
    public String inputMode() {
        return inputMode;
    }

    /** The longest answer, in characters. */
    public int cap() {
        return cap;
    }

    /** Lengths and a pattern apply to free text only. */
    public boolean isText() {
        return this == TEXT || this == MULTILINE;
    }

    /** A minimum and maximum apply to numbers and dates. */
    public boolean hasRange() {
        return this == NUMBER || this == DATE;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "text", "email", "e-mail", "MULTILINE"…; null when unknown. */
    @JsonCreator
    public static FieldType parse(String value) {
        if (value == null) {
            return null;
        }
        String name = value.strip().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (FieldType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown field type " + value);
    }
}
