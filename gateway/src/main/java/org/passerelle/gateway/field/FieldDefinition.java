package org.passerelle.gateway.field;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.passerelle.gateway.web.SafeText;

/**
 * One question an offer asks its payers, as the configuration ({@code passerelle.offers[n].fields[m].*}), the console
 * and the API declare it. Labels and help in French and English (one of the two labels at least; the other language
 * falls back to it). Constraints: {@code minLength}/{@code maxLength} and {@code pattern} for text, {@code min}/
 * {@code max} for numbers ({@code 12.5}) and dates ({@code 2010-01-01}), {@code choices} for a choice list.
 * {@code sendToHelloAsso}: the answer also goes into the checkout's metadata at HelloAsso (off by default: personal
 * data stays here). {@link #problems} says what is wrong with a definition; {@link FieldValidator} checks answers.
 */
public record FieldDefinition(
        String key,
        FieldType type,
        /* Boolean (absent: false) so that JSON may leave it out. */
        Boolean required,
        String labelFr,
        String labelEn,
        String helpFr,
        String helpEn,
        Integer minLength,
        Integer maxLength,
        String min,
        String max,
        String pattern,
        List<String> choices,
        /* Absent: false. */
        Boolean sendToHelloAsso) {

    /** Keys: lower-case letters, digits and underscores, a letter first; they name CSV columns and JSON members. */
    public static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_]{0,39}$");
    public static final int MAX_FIELDS = 30;
    static final int MAX_LABEL = 200;
    static final int MAX_HELP = 500;
    static final int MAX_CHOICES = 50;
    static final int MAX_PATTERN = 200;
    /** HelloAsso takes at most 20 000 characters of metadata; the answers sent there get half of it. */
    static final int MAX_TO_HELLOASSO = 10_000;

    public FieldDefinition {
        required = Boolean.TRUE.equals(required);
        sendToHelloAsso = Boolean.TRUE.equals(sendToHelloAsso);
        key = blankToNull(key);
        labelFr = blankToNull(labelFr);
        labelEn = blankToNull(labelEn);
        helpFr = blankToNull(helpFr);
        helpEn = blankToNull(helpEn);
        min = blankToNull(min);
        max = blankToNull(max);
        pattern = blankToNull(pattern);
        choices = choices == null ? List.of() : choices.stream().map(c -> c == null ? "" : c.strip()).toList();
    }

    /** The label in the reader's language. */
    public String label(Locale locale) {
        return inLanguage(labelFr, labelEn, locale);
    }

    /** The help text in the reader's language; null when there is none. */
    public String help(Locale locale) {
        return inLanguage(helpFr, helpEn, locale);
    }

    /** The longest answer this field accepts. */
    public int longest() {
        return type.isText() && maxLength != null ? Math.min(maxLength, type.cap()) : type.cap();
    }

    /** How the answer to this field is stored with the order. */
    public Answer answer(String value) {
        return new Answer(key, type, labelFr == null ? labelEn : labelFr, labelEn == null ? labelFr : labelEn, value,
                sendToHelloAsso);
    }

    static String inLanguage(String fr, String en, Locale locale) {
        boolean english = locale != null && Locale.ENGLISH.getLanguage().equals(locale.getLanguage());
        return english ? (en != null ? en : fr) : (fr != null ? fr : en);
    }

    /** Every problem of a list of fields (paths {@code prefix[i].member}); empty when all can be asked. */
    public static List<FieldProblem> problems(List<FieldDefinition> fields, String prefix) {
        List<FieldProblem> problems = new ArrayList<>();
        if (fields == null) {
            return problems;
        }
        if (fields.size() > MAX_FIELDS) {
            problems.add(FieldProblem.of(prefix, "field.def.tooMany", "at most " + MAX_FIELDS + " fields",
                    MAX_FIELDS));
            return problems;
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldDefinition field = fields.get(i);
            String path = prefix + "[" + i + "]";
            if (field == null) {
                problems.add(FieldProblem.of(path, "field.def.missing", "is empty"));
                continue;
            }
            problems.addAll(field.problems(path));
            if (field.key() != null && !keys.add(field.key())) {
                problems.add(FieldProblem.of(path + ".key", "field.def.duplicate",
                        "the key '" + field.key() + "' is used by two fields"));
            }
        }
        int toHelloAsso = fields.stream().filter(f -> f != null && f.sendToHelloAsso() && f.type() != null)
                .mapToInt(f -> f.longest() + f.key().length() + 6).sum();
        if (problems.isEmpty() && toHelloAsso > MAX_TO_HELLOASSO) {
            problems.add(FieldProblem.of(prefix, "field.def.helloAssoSize",
                    "the answers sent to HelloAsso could exceed " + MAX_TO_HELLOASSO + " characters of its metadata"
                            + " (at most 20000 in all): send fewer or shorter fields", MAX_TO_HELLOASSO));
        }
        return problems;
    }

    /** What is wrong with this definition, each at {@code path.member}. */
    public List<FieldProblem> problems(String path) {
        List<FieldProblem> problems = new ArrayList<>();
        if (key == null || !KEY.matcher(key).matches()) {
            problems.add(FieldProblem.of(path + ".key", "field.def.key",
                    "a key is 1 to 40 lower-case letters, digits and underscores, a letter first"));
        }
        if (type == null) {
            problems.add(FieldProblem.of(path + ".type", "field.def.type",
                    "a type is text, number, date, email, phone, choice, checkbox or multiline"));
            return problems;
        }
        if (labelFr == null && labelEn == null) {
            problems.add(FieldProblem.of(path + ".labelFr", "field.def.label", "a label (French or English) is needed"));
        }
        text(problems, path + ".labelFr", labelFr, MAX_LABEL);
        text(problems, path + ".labelEn", labelEn, MAX_LABEL);
        text(problems, path + ".helpFr", helpFr, MAX_HELP);
        text(problems, path + ".helpEn", helpEn, MAX_HELP);
        if (minLength != null || maxLength != null) {
            if (!type.isText()) {
                problems.add(FieldProblem.of(path + ".maxLength", "field.def.notForType",
                        "lengths apply to text and multiline fields only"));
            } else if ((minLength != null && (minLength < 0 || minLength > type.cap()))
                    || (maxLength != null && (maxLength < 1 || maxLength > type.cap()))
                    || (minLength != null && maxLength != null && minLength > maxLength)) {
                problems.add(FieldProblem.of(path + ".maxLength", "field.def.lengths",
                        "lengths go from 0 to " + type.cap() + ", the minimum not above the maximum", type.cap()));
            }
        }
        if (pattern != null) {
            if (!type.isText()) {
                problems.add(FieldProblem.of(path + ".pattern", "field.def.notForType",
                        "a pattern applies to text and multiline fields only"));
            } else if (pattern.length() > MAX_PATTERN || !SafeText.isClean(pattern) || !compiles(pattern)) {
                problems.add(FieldProblem.of(path + ".pattern", "field.def.pattern",
                        "the pattern is not a valid regular expression of at most " + MAX_PATTERN + " characters",
                        MAX_PATTERN));
            }
        }
        if (min != null || max != null) {
            if (!type.hasRange()) {
                problems.add(FieldProblem.of(path + ".min", "field.def.notForType",
                        "a minimum and maximum apply to number and date fields only"));
            } else {
                Comparable<?> low = bound(min);
                Comparable<?> high = bound(max);
                if ((min != null && low == null) || (max != null && high == null)) {
                    problems.add(FieldProblem.of(path + ".min", type == FieldType.DATE ? "field.def.dateRange"
                                    : "field.def.numberRange",
                            type == FieldType.DATE ? "min and max are dates such as 2010-12-31"
                                    : "min and max are numbers such as 12 or 12.5"));
                } else if (low != null && high != null && compare(low, high) > 0) {
                    problems.add(FieldProblem.of(path + ".min", "field.def.minAboveMax",
                            "the minimum is above the maximum"));
                }
            }
        }
        if (type == FieldType.CHOICE) {
            if (choices.isEmpty() || choices.size() > MAX_CHOICES) {
                problems.add(FieldProblem.of(path + ".choices", "field.def.choices",
                        "a choice list needs 1 to " + MAX_CHOICES + " choices", MAX_CHOICES));
            } else if (choices.stream().anyMatch(c -> c.isEmpty() || c.length() > FieldType.CHOICE.cap()
                    || !SafeText.isClean(c)) || new HashSet<>(choices).size() != choices.size()) {
                problems.add(FieldProblem.of(path + ".choices", "field.def.choice",
                        "each choice is 1 to " + FieldType.CHOICE.cap() + " characters, without repeats",
                        FieldType.CHOICE.cap()));
            }
        } else if (!choices.isEmpty()) {
            problems.add(FieldProblem.of(path + ".choices", "field.def.notForType",
                    "choices apply to choice fields only"));
        }
        return problems;
    }

    /** A minimum or maximum as this type compares it; null when it does not parse. */
    Comparable<?> bound(String value) {
        if (value == null) {
            return null;
        }
        if (type == FieldType.DATE) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return FieldValidator.number(value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Comparable low, Comparable high) {
        return low.compareTo(high);
    }

    private static void text(List<FieldProblem> problems, String path, String value, int max) {
        if (value != null && (value.length() > max || !SafeText.isClean(value))) {
            problems.add(FieldProblem.of(path, "field.def.text",
                    "at most " + max + " characters, without control or invisible characters", max));
        }
    }

    private static boolean compiles(String pattern) {
        try {
            Pattern.compile(pattern);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
