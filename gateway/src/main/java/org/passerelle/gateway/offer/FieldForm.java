package org.passerelle.gateway.offer;

import java.util.Arrays;
import java.util.List;
import org.passerelle.gateway.field.FieldDefinition;
import org.passerelle.gateway.field.FieldType;

/**
 * One row of the console's offer form for a question to payers: every value as typed. Choices one per line. A row left
 * with no key and no label, or marked for removal, is no question.
 */
public class FieldForm {

    private String key;
    private String type = "text";
    private boolean required;
    private String labelFr;
    private String labelEn;
    private String helpFr;
    private String helpEn;
    private String minLength;
    private String maxLength;
    private String min;
    private String max;
    private String pattern;
    private String choices;
    private boolean sendToHelloAsso;
    private boolean remove;

    static FieldForm of(FieldDefinition field) {
        FieldForm form = new FieldForm();
        form.key = field.key();
        form.type = field.type().json();
        form.required = field.required();
        form.labelFr = field.labelFr();
        form.labelEn = field.labelEn();
        form.helpFr = field.helpFr();
        form.helpEn = field.helpEn();
        form.minLength = field.minLength() == null ? null : field.minLength().toString();
        form.maxLength = field.maxLength() == null ? null : field.maxLength().toString();
        form.min = field.min();
        form.max = field.max();
        form.pattern = field.pattern();
        form.choices = String.join("\n", field.choices());
        form.sendToHelloAsso = field.sendToHelloAsso();
        return form;
    }

    boolean isBlank() {
        return remove || (blank(key) && blank(labelFr) && blank(labelEn));
    }

    /** The definition typed; null parts where a number or the type does not read (said by {@link #unreadable}). */
    FieldDefinition toDefinition() {
        return new FieldDefinition(key, type(), required, labelFr, labelEn, helpFr, helpEn, integer(minLength),
                integer(maxLength), min, max, pattern,
                blank(choices) ? List.of() : Arrays.stream(choices.split("\\R")).map(String::strip)
                        .filter(c -> !c.isEmpty()).toList(),
                sendToHelloAsso);
    }

    /** The member that does not read as a number, or null. */
    String unreadable() {
        if (!blank(minLength) && integer(minLength) == null) {
            return "minLength";
        }
        if (!blank(maxLength) && integer(maxLength) == null) {
            return "maxLength";
        }
        return null;
    }

    private FieldType type() {
        try {
            return FieldType.parse(type);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Integer integer(String value) {
        if (blank(value) || !value.strip().matches("\\d{1,6}")) {
            return null;
        }
        return Integer.valueOf(value.strip());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public boolean isRequired() {
        return required;
    }

    public void setRequired(boolean required) {
        this.required = required;
    }

    public String getLabelFr() {
        return labelFr;
    }

    public void setLabelFr(String labelFr) {
        this.labelFr = labelFr;
    }

    public String getLabelEn() {
        return labelEn;
    }

    public void setLabelEn(String labelEn) {
        this.labelEn = labelEn;
    }

    public String getHelpFr() {
        return helpFr;
    }

    public void setHelpFr(String helpFr) {
        this.helpFr = helpFr;
    }

    public String getHelpEn() {
        return helpEn;
    }

    public void setHelpEn(String helpEn) {
        this.helpEn = helpEn;
    }

    public String getMinLength() {
        return minLength;
    }

    public void setMinLength(String minLength) {
        this.minLength = minLength;
    }

    public String getMaxLength() {
        return maxLength;
    }

    public void setMaxLength(String maxLength) {
        this.maxLength = maxLength;
    }

    public String getMin() {
        return min;
    }

    public void setMin(String min) {
        this.min = min;
    }

    public String getMax() {
        return max;
    }

    public void setMax(String max) {
        this.max = max;
    }

    public String getPattern() {
        return pattern;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public String getChoices() {
        return choices;
    }

    public void setChoices(String choices) {
        this.choices = choices;
    }

    public boolean isSendToHelloAsso() {
        return sendToHelloAsso;
    }

    public void setSendToHelloAsso(boolean sendToHelloAsso) {
        this.sendToHelloAsso = sendToHelloAsso;
    }

    public boolean isRemove() {
        return remove;
    }

    public void setRemove(boolean remove) {
        this.remove = remove;
    }
}
