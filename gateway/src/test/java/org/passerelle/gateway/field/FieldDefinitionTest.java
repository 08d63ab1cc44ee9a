package org.passerelle.gateway.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.passerelle.gateway.field.FieldsFixture.everyType;
import static org.passerelle.gateway.field.FieldsFixture.field;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class FieldDefinitionTest {

    private static List<String> codes(FieldDefinition field) {
        return FieldDefinition.problems(List.of(field), "fields").stream()
                .map(p -> p.field() + " " + p.code()).toList();
    }

    private static FieldDefinition def(String key, FieldType type, Integer minLength, Integer maxLength, String min,
            String max, String pattern, List<String> choices) {
        return new FieldDefinition(key, type, false, "Libellé", null, null, null, minLength, maxLength, min, max,
                pattern, choices, false);
    }

    @Test
    void everyTypeCanBeAsked() {
        assertThat(FieldDefinition.problems(everyType(), "fields")).isEmpty();
    }

    @Test
    void keysAreShortLowerCaseNamesAndUnique() {
        assertThat(codes(field("Licence", FieldType.TEXT, false))).containsExactly("fields[0].key field.def.key");
        assertThat(codes(field("1st", FieldType.TEXT, false))).containsExactly("fields[0].key field.def.key");
        assertThat(codes(field("a-b", FieldType.TEXT, false))).containsExactly("fields[0].key field.def.key");
        assertThat(codes(field("x".repeat(41), FieldType.TEXT, false))).containsExactly("fields[0].key field.def.key");
        assertThat(FieldDefinition.problems(List.of(field("a", FieldType.TEXT, false),
                field("a", FieldType.NUMBER, false)), "fields")).extracting(FieldProblem::field)
                .containsExactly("fields[1].key");
        List<FieldDefinition> many = new ArrayList<>(Collections.nCopies(31, field("a", FieldType.TEXT, false)));
        assertThat(FieldDefinition.problems(many, "fields")).extracting(FieldProblem::code)
                .containsExactly("field.def.tooMany");
    }

    @Test
    void aTypeAndALabelAreNeeded() {
        assertThat(codes(new FieldDefinition("a", null, false, "A", null, null, null, null, null, null, null, null,
                null, false))).containsExactly("fields[0].type field.def.type");
        assertThat(codes(new FieldDefinition("a", FieldType.TEXT, false, " ", null, null, null, null, null, null, null,
                null, null, false))).containsExactly("fields[0].labelFr field.def.label");
        assertThat(codes(new FieldDefinition("a", FieldType.TEXT, false, "A\u0000", null, "x".repeat(501), null,
                null, null, null, null, null, null, false)))
                .containsExactly("fields[0].labelFr field.def.text", "fields[0].helpFr field.def.text");
    }

    @Test
    void constraintsFitTheirType() {
        assertThat(codes(def("a", FieldType.NUMBER, 1, null, null, null, null, List.of())))
                .containsExactly("fields[0].maxLength field.def.notForType");
        assertThat(codes(def("a", FieldType.TEXT, null, null, "1", null, null, List.of())))
                .containsExactly("fields[0].min field.def.notForType");
        assertThat(codes(def("a", FieldType.DATE, null, null, null, null, "x", List.of())))
                .containsExactly("fields[0].pattern field.def.notForType");
        assertThat(codes(def("a", FieldType.TEXT, null, null, null, null, null, List.of("x"))))
                .containsExactly("fields[0].choices field.def.notForType");
        assertThat(codes(def("a", FieldType.TEXT, 10, 5, null, null, null, List.of())))
                .containsExactly("fields[0].maxLength field.def.lengths");
        assertThat(codes(def("a", FieldType.TEXT, null, 256, null, null, null, List.of())))
                .containsExactly("fields[0].maxLength field.def.lengths");
        assertThat(codes(def("a", FieldType.MULTILINE, null, 4000, null, null, null, List.of()))).isEmpty();
        assertThat(codes(def("a", FieldType.TEXT, null, null, null, null, "([a-z", List.of())))
                .containsExactly("fields[0].pattern field.def.pattern");
        assertThat(codes(def("a", FieldType.NUMBER, null, null, "ten", null, null, List.of())))
                .containsExactly("fields[0].min field.def.numberRange");
        assertThat(codes(def("a", FieldType.DATE, null, null, "2020-02-30", null, null, List.of())))
                .containsExactly("fields[0].min field.def.dateRange");
        assertThat(codes(def("a", FieldType.NUMBER, null, null, "10", "9.5", null, List.of())))
                .containsExactly("fields[0].min field.def.minAboveMax");
        assertThat(codes(def("a", FieldType.DATE, null, null, "2020-01-01", "2030-01-01", null, List.of()))).isEmpty();
    }

    @Test
    void choiceListsHaveCleanDistinctChoices() {
        assertThat(codes(def("a", FieldType.CHOICE, null, null, null, null, null, List.of())))
                .containsExactly("fields[0].choices field.def.choices");
        assertThat(codes(def("a", FieldType.CHOICE, null, null, null, null, null, List.of("S", "S"))))
                .containsExactly("fields[0].choices field.def.choice");
        assertThat(codes(def("a", FieldType.CHOICE, null, null, null, null, null, List.of("S", ""))))
                .containsExactly("fields[0].choices field.def.choice");
        assertThat(codes(def("a", FieldType.CHOICE, null, null, null, null, null, List.of("S\u202E"))))
                .containsExactly("fields[0].choices field.def.choice");
    }

    @Test
    void answersSentToHelloAssoFitItsMetadata() {
        FieldDefinition note = new FieldDefinition("a", FieldType.MULTILINE, false, "A", null, null, null, null, null,
                null, null, null, null, true);
        FieldDefinition other = new FieldDefinition("b", FieldType.MULTILINE, false, "B", null, null, null, null, null,
                null, null, null, null, true);
        FieldDefinition third = new FieldDefinition("c", FieldType.MULTILINE, false, "C", null, null, null, null, null,
                null, null, null, null, true);
        assertThat(FieldDefinition.problems(List.of(note, other), "fields")).isEmpty();
        assertThat(FieldDefinition.problems(List.of(note, other, third), "fields")).extracting(FieldProblem::code)
                .containsExactly("field.def.helloAssoSize");
        FieldDefinition kept = new FieldDefinition("c", FieldType.MULTILINE, false, "C", null, null, null, null, null,
                null, null, null, null, false);
        assertThat(FieldDefinition.problems(List.of(note, other, kept), "fields")).as("not sent: no limit").isEmpty();
    }

    @Test
    void labelsFallBackToTheOtherLanguage() {
        FieldDefinition frenchOnly = new FieldDefinition("a", FieldType.TEXT, false, "Libellé", null, "Aide", null,
                null, null, null, null, null, null, false);
        assertThat(frenchOnly.label(Locale.ENGLISH)).isEqualTo("Libellé");
        assertThat(frenchOnly.help(Locale.ENGLISH)).isEqualTo("Aide");
        assertThat(frenchOnly.answer("x").labelEn()).isEqualTo("Libellé");
        FieldDefinition both = everyType().getFirst();
        assertThat(both.label(Locale.FRENCH)).isEqualTo("Numéro de licence");
        assertThat(both.label(Locale.ENGLISH)).isEqualTo("Licence number");
    }

    @Test
    void typesReadAsWritten() {
        assertThat(FieldType.parse("e-mail")).isEqualTo(FieldType.EMAIL);
        assertThat(FieldType.parse("Multiline")).isEqualTo(FieldType.MULTILINE);
        assertThat(FieldType.PHONE.inputMode()).isEqualTo("tel");
        assertThat(FieldType.NUMBER.inputMode()).isEqualTo("decimal");
    }
}
