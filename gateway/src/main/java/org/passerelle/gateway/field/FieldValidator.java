package org.passerelle.gateway.field;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.passerelle.gateway.web.SafeText;

/**
 * The one check of a payer's answers against an offer's fields, used by the payer form and by the API: every answer is
 * checked, hostile input refused (unknown keys, control or invisible characters, values longer than the field takes),
 * and the answers are returned as they will be stored (trimmed; numbers with a dot; dates ISO; tick-boxes
 * {@code true}/{@code false}). Problems carry the field's key and a message code ({@code answer.*}).
 */
public final class FieldValidator {

    /** What the answers became, or why not. */
    public record Result(List<Answer> answers, List<FieldProblem> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]{2,}$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 .()\\-/]*[0-9]$");
    private static final Pattern NUMBER = Pattern.compile("^-?[0-9]{1,15}([.,][0-9]{1,10})?$");
    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);
    /** A pattern from the configuration gets this many character reads per answer, then the answer is refused. */
    static final int PATTERN_BUDGET = 1_000_000;

    private FieldValidator() {
    }

    /**
     * @param raw the answers as received, by key (absent or null: not answered)
     */
    public static Result validate(List<FieldDefinition> fields, Map<String, String> raw) {
        List<FieldProblem> problems = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        if (raw != null) {
            for (String key : raw.keySet()) {
                if (fields.stream().noneMatch(field -> field.key().equals(key))) {
                    problems.add(FieldProblem.of(SafeText.isClean(key) && key.length() <= 100 ? key : "?",
                            "answer.unknown", "is not a question of this offer"));
                }
            }
        }
        for (FieldDefinition field : fields) {
            String value = raw == null ? null : raw.get(field.key());
            FieldProblem problem = check(field, value);
            if (problem != null) {
                problems.add(problem);
            } else {
                answers.add(field.answer(normalize(field, value)));
            }
        }
        return new Result(problems.isEmpty() ? List.copyOf(answers) : List.of(), List.copyOf(problems));
    }

    private static FieldProblem check(FieldDefinition field, String raw) {
        String key = field.key();
        FieldType type = field.type();
        if (raw != null && raw.length() > type.cap() * 2 + 100) {
            return FieldProblem.of(key, "answer.tooLong", "must be at most " + field.longest() + " characters",
                    field.longest());
        }
        String value = clean(type, raw);
        if (!SafeText.isClean(type == FieldType.MULTILINE ? value.replace("\n", "") : value)) {
            return FieldProblem.of(key, "answer.text", "contains control or invisible characters");
        }
        if (type == FieldType.CHECKBOX) {
            Boolean ticked = ticked(value);
            if (ticked == null) {
                return FieldProblem.of(key, "answer.checkbox", "must be ticked or not (true or false)");
            }
            return field.required() && !ticked ? FieldProblem.of(key, "answer.mustTick", "must be ticked") : null;
        }
        if (value.isEmpty()) {
            return field.required() ? FieldProblem.of(key, "answer.required", "is required") : null;
        }
        if (value.length() > field.longest()) {
            return FieldProblem.of(key, "answer.tooLong", "must be at most " + field.longest() + " characters",
                    field.longest());
        }
        return switch (type) {
            case TEXT, MULTILINE -> {
                if (field.minLength() != null && value.length() < field.minLength()) {
                    yield FieldProblem.of(key, "answer.tooShort",
                            "must be at least " + field.minLength() + " characters", field.minLength());
                }
                yield field.pattern() != null && !matches(field.pattern(), value)
                        ? FieldProblem.of(key, "answer.pattern", "is not in the expected form") : null;
            }
            case NUMBER -> {
                BigDecimal number = number(value);
                if (number == null) {
                    yield FieldProblem.of(key, "answer.number", "must be a number such as 12 or 12,5");
                }
                yield outOfRange(field, number, key);
            }
            case DATE -> {
                LocalDate date = date(value);
                if (date == null) {
                    yield FieldProblem.of(key, "answer.date", "must be a date such as 2010-12-31");
                }
                yield outOfRange(field, date, key);
            }
            case EMAIL -> EMAIL.matcher(value).matches() ? null
                    : FieldProblem.of(key, "answer.email", "must be an e-mail address such as name@example.org");
            case PHONE -> {
                long digits = value.chars().filter(Character::isDigit).count();
                yield PHONE.matcher(value).matches() && digits >= 6 && digits <= 15 ? null
                        : FieldProblem.of(key, "answer.phone", "must be a phone number such as 06 12 34 56 78");
            }
            case CHOICE -> field.choices().contains(value) ? null
                    : FieldProblem.of(key, "answer.choice", "must be one of the proposed choices");
            case CHECKBOX -> null;
        };
    }

    private static FieldProblem outOfRange(FieldDefinition field, Comparable<?> value, String key) {
        Comparable<?> low = field.bound(field.min());
        Comparable<?> high = field.bound(field.max());
        boolean below = low != null && FieldDefinition.compare(value, low) < 0;
        boolean above = high != null && FieldDefinition.compare(value, high) > 0;
        if (!below && !above) {
            return null;
        }
        if (low != null && high != null) {
            return FieldProblem.of(key, "answer.range", "must be between " + field.min() + " and " + field.max(),
                    field.min(), field.max());
        }
        return below ? FieldProblem.of(key, "answer.min", "must be at least " + field.min(), field.min())
                : FieldProblem.of(key, "answer.max", "must be at most " + field.max(), field.max());
    }

    /** The value as it is stored, once {@link #check} found nothing. */
    private static String normalize(FieldDefinition field, String raw) {
        String value = clean(field.type(), raw);
        return switch (field.type()) {
            case CHECKBOX -> Boolean.TRUE.equals(ticked(value)) ? "true" : "false";
            case NUMBER -> value.isEmpty() ? "" : number(value).toPlainString();
            case DATE -> value.isEmpty() ? "" : date(value).toString();
            default -> value;
        };
    }

    /** Trimmed; a multi-line answer keeps its line breaks (as \n), every other control character stays to be refused. */
    private static String clean(FieldType type, String raw) {
        if (raw == null) {
            return "";
        }
        if (type == FieldType.MULTILINE) {
            return raw.replace("\r\n", "\n").replace('\r', '\n').strip();
        }
        return raw.strip();
    }

    private static Boolean ticked(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "", "false", "off", "no", "0" -> false;
            default -> null;
        };
    }

    /** "12", "-3", "12,5" or "12.50"; null otherwise. */
    static BigDecimal number(String value) {
        if (value == null || !NUMBER.matcher(value.strip()).matches()) {
            return null;
        }
        return new BigDecimal(value.strip().replace(',', '.')).stripTrailingZeros();
    }

    /** ISO (2010-12-31, what a date input sends) or French (31/12/2010). */
    static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException notIso) {
            try {
                return LocalDate.parse(value, FRENCH_DATE);
            } catch (DateTimeParseException notFrench) {
                return null;
            }
        }
    }

    /** A pattern written by an administrator runs with a bounded budget: a runaway expression refuses the answer. */
    static boolean matches(String pattern, String value) {
        try {
            return Pattern.compile(pattern).matcher(new Budgeted(value)).matches();
        } catch (Budgeted.Exhausted e) {
            return false;
        }
    }

    private static final class Budgeted implements CharSequence {

        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private final int[] reads;

        Budgeted(String text) {
            this(text, new int[1]);
        }

        private Budgeted(String text, int[] reads) {
            this.text = text;
            this.reads = reads;
        }

        @Override
        public char charAt(int index) {
            if (++reads[0] > PATTERN_BUDGET) {
                throw new Exhausted();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.substring(start, end), reads);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
