package org.passerelle.gateway.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.passerelle.gateway.field.FieldsFixture.everyType;
import static org.passerelle.gateway.field.FieldsFixture.field;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldValidatorTest {

    private static Map<String, String> valid() {
        Map<String, String> answers = new HashMap<>();
        answers.put("licence", " AB1234 ");
        answers.put("age", "42,50");
        answers.put("birth", "31/12/1980");
        answers.put("contact_email", "");
        answers.put("phone", "+33 6 12 34 56 78");
        answers.put("size", "M");
        answers.put("rules", "on");
        answers.put("notes", "Line one\r\nLine two");
        return answers;
    }

    private static Map<String, String> problems(Map<String, String> answers) {
        Map<String, String> problems = new HashMap<>();
        FieldValidator.validate(everyType(), answers).problems().forEach(p -> problems.put(p.field(), p.code()));
        return problems;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> answers = valid();
        answers.put(key, value);
        return answers;
    }

    @Test
    void validAnswersAreStoredNormalizedWithTheLabelsAsAsked() {
        FieldValidator.Result result = FieldValidator.validate(everyType(), valid());
        assertThat(result.problems()).isEmpty();
        assertThat(result.answers()).extracting(Answer::key, Answer::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("licence", "AB1234"),
                org.assertj.core.groups.Tuple.tuple("age", "42.5"),
                org.assertj.core.groups.Tuple.tuple("birth", "1980-12-31"),
                org.assertj.core.groups.Tuple.tuple("contact_email", ""),
                org.assertj.core.groups.Tuple.tuple("phone", "+33 6 12 34 56 78"),
                org.assertj.core.groups.Tuple.tuple("size", "M"),
                org.assertj.core.groups.Tuple.tuple("rules", "true"),
                org.assertj.core.groups.Tuple.tuple("notes", "Line one\nLine two"));
        Answer licence = result.answers().getFirst();
        assertThat(licence.labelFr()).isEqualTo("Numéro de licence");
        assertThat(licence.labelEn()).isEqualTo("Licence number");
        assertThat(licence.sendToHelloAsso()).isTrue();
        assertThat(result.answers().get(1).sendToHelloAsso()).isFalse();
    }

    @Test
    void requiredFieldsAndTheRequiredTickBox() {
        assertThat(problems(Map.of())).containsEntry("licence", "answer.required").containsEntry("age", "answer.required")
                .containsEntry("phone", "answer.required").containsEntry("size", "answer.required")
                .containsEntry("rules", "answer.mustTick").doesNotContainKeys("birth", "contact_email", "notes");
        assertThat(problems(with("rules", "false"))).containsOnly(Map.entry("rules", "answer.mustTick"));
        assertThat(problems(with("rules", "maybe"))).containsOnly(Map.entry("rules", "answer.checkbox"));
        assertThat(problems(with("licence", "   "))).containsOnly(Map.entry("licence", "answer.required"));
    }

    @Test
    void anOptionalTickBoxLeftAloneIsFalse() {
        FieldValidator.Result result = FieldValidator.validate(List.of(field("news", FieldType.CHECKBOX, false)),
                Map.of());
        assertThat(result.answers()).extracting(Answer::value).containsExactly("false");
    }

    @Test
    void textLengthsAndPattern() {
        assertThat(problems(with("licence", "AB1"))).containsOnly(Map.entry("licence", "answer.tooShort"));
        assertThat(problems(with("licence", "AB12345678901"))).containsOnly(Map.entry("licence", "answer.tooLong"));
        assertThat(problems(with("licence", "ab1234"))).containsOnly(Map.entry("licence", "answer.pattern"));
        assertThat(problems(with("notes", "x".repeat(301)))).containsOnly(Map.entry("notes", "answer.tooLong"));
        assertThat(problems(with("notes", "x".repeat(300)))).isEmpty();
    }

    @Test
    void numbersAndTheirRange() {
        assertThat(problems(with("age", "douze"))).containsOnly(Map.entry("age", "answer.number"));
        assertThat(problems(with("age", "1e3"))).containsOnly(Map.entry("age", "answer.number"));
        assertThat(problems(with("age", "4.99"))).containsOnly(Map.entry("age", "answer.range"));
        assertThat(problems(with("age", "100"))).containsOnly(Map.entry("age", "answer.range"));
        assertThat(problems(with("age", "99"))).isEmpty();
        assertThat(problems(with("age", "5"))).isEmpty();
    }

    @Test
    void datesAndTheirRange() {
        assertThat(problems(with("birth", "1980-02-30"))).containsOnly(Map.entry("birth", "answer.date"));
        assertThat(problems(with("birth", "yesterday"))).containsOnly(Map.entry("birth", "answer.date"));
        assertThat(problems(with("birth", "1899-12-31"))).containsOnly(Map.entry("birth", "answer.range"));
        assertThat(problems(with("birth", "1900-01-01"))).isEmpty();
        FieldDefinition after = new FieldDefinition("day", FieldType.DATE, true, "Jour", null, null, null, null, null,
                "2027-01-01", null, null, List.of(), false);
        assertThat(FieldValidator.validate(List.of(after), Map.of("day", "2026-12-31")).problems())
                .extracting(FieldProblem::code).containsExactly("answer.min");
    }

    @Test
    void emailPhoneAndChoice() {
        assertThat(problems(with("contact_email", "not-an-address"))).containsOnly(
                Map.entry("contact_email", "answer.email"));
        assertThat(problems(with("phone", "12"))).containsOnly(Map.entry("phone", "answer.phone"));
        assertThat(problems(with("phone", "call me"))).containsOnly(Map.entry("phone", "answer.phone"));
        assertThat(problems(with("phone", "0612345678"))).isEmpty();
        assertThat(problems(with("size", "XXL"))).containsOnly(Map.entry("size", "answer.choice"));
        assertThat(problems(with("size", "m"))).containsOnly(Map.entry("size", "answer.choice"));
    }

    @Test
    void hostileInputIsRefused() {
        assertThat(problems(with("licence", "AB12\u0000"))).containsOnly(Map.entry("licence", "answer.text"));
        assertThat(problems(with("licence", "AB\u202E1234"))).containsOnly(Map.entry("licence", "answer.text"));
        assertThat(problems(with("notes", "one\ntwo\u0007"))).containsOnly(Map.entry("notes", "answer.text"));
        assertThat(problems(with("notes", "tab\there"))).containsOnly(Map.entry("notes", "answer.text"));
        assertThat(problems(with("notes", "x".repeat(1_000_000)))).containsOnly(Map.entry("notes", "answer.tooLong"));
        assertThat(problems(with("size", "M\u200B"))).containsOnly(Map.entry("size", "answer.text"));
        assertThat(problems(with("injected", "1"))).containsOnly(Map.entry("injected", "answer.unknown"));
        assertThat(problems(with("bad\u0000key", "1"))).containsOnly(Map.entry("?", "answer.unknown"));
        FieldValidator.Result refused = FieldValidator.validate(everyType(), with("injected", "1"));
        assertThat(refused.answers()).as("nothing half-valid is stored").isEmpty();
    }

    @Test
    void aRunawayPatternRefusesTheAnswerInsteadOfHanging() {
        FieldDefinition evil = new FieldDefinition("code", FieldType.TEXT, true, "Code", null, null, null, null, null,
                null, null, "(a+)+b", List.of(), false);
        long start = System.nanoTime();
        assertThat(FieldValidator.validate(List.of(evil), Map.of("code", "a".repeat(60))).problems())
                .extracting(FieldProblem::code).containsExactly("answer.pattern");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }
}
