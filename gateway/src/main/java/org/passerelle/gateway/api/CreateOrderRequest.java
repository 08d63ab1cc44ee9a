package org.passerelle.gateway.api;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.passerelle.gateway.api.ApiProblemException.FieldProblem;
import org.passerelle.gateway.field.Answer;
import org.passerelle.gateway.field.FieldDefinition;
import org.passerelle.gateway.field.FieldValidator;
import org.passerelle.gateway.order.Instalments;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.web.SafeText;
import org.passerelle.helloasso.model.Countries;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /api/v1/orders}. */
public record CreateOrderRequest(
        String itemName,
        Integer amount,
        Payer payer,
        String reference,
        JsonNode metadata,
        String returnUrl,
        Boolean autoReturn,
        Integer instalments,
        Boolean donation,
        /* The questions the host asked its payer (the same definitions as an offer's fields). */
        List<FieldDefinition> fields,
        /* The payer's answers, by field key: strings, numbers or booleans. */
        JsonNode answers) {

    public record Payer(String firstName, String lastName, String email, String country, LocalDate birthDate) {
    }

    static final int MIN_AMOUNT = NewOrder.MIN_AMOUNT;
    static final int MAX_AMOUNT = NewOrder.MAX_AMOUNT;
    static final int MAX_METADATA = 10_000;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** Every invalid field, each with its message key (api.field.*) and arguments. */
    List<FieldProblem> problems(int metadataLength) {
        List<FieldProblem> problems = new ArrayList<>();
        text(problems, "itemName", itemName, true, 250);
        if (amount == null) {
            problems.add(new FieldProblem("amount", "required"));
        } else if (amount < MIN_AMOUNT || amount > MAX_AMOUNT) {
            problems.add(new FieldProblem("amount", "amount", MIN_AMOUNT, MAX_AMOUNT));
        }
        text(problems, "reference", reference, true, 255);
        if (instalments != null && (instalments < 1 || instalments > Instalments.MAX_TERMS)) {
            problems.add(new FieldProblem("instalments", "instalments", 2, Instalments.MAX_TERMS));
        }
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            problems.add(new FieldProblem("metadata", "object"));
        } else if (metadataLength > MAX_METADATA) {
            problems.add(new FieldProblem("metadata", "metadataLength", MAX_METADATA));
        } else if (!SafeText.isClean(metadata)) {
            problems.add(new FieldProblem("metadata", "text"));
        }
        if (returnUrl != null && !SafeText.isClean(returnUrl)) {
            problems.add(new FieldProblem("returnUrl", "text"));
        } else if (returnUrl != null && !isHttpUrl(returnUrl)) {
            problems.add(new FieldProblem("returnUrl", "url"));
        }
        if (isAutoReturn() && returnUrl == null) {
            problems.add(new FieldProblem("autoReturn", "needsReturnUrl"));
        }
        if (payer != null) {
            text(problems, "payer.firstName", payer.firstName(), false, 255);
            text(problems, "payer.lastName", payer.lastName(), false, 255);
            if (payer.email() != null && !SafeText.isClean(payer.email())) {
                problems.add(new FieldProblem("payer.email", "text"));
            } else if (payer.email() != null && (payer.email().length() > 255 || !EMAIL.matcher(payer.email()).matches())) {
                problems.add(new FieldProblem("payer.email", "email"));
            }
            if (payer.country() != null && (!SafeText.isClean(payer.country()) || !Countries.isAlpha3(payer.country()))) {
                problems.add(new FieldProblem("payer.country", "country"));
            }
            if (payer.birthDate() != null && !payer.birthDate().isBefore(LocalDate.now())) {
                problems.add(new FieldProblem("payer.birthDate", "past"));
            }
        }
        fieldProblems(problems);
        return problems;
    }

    /**
     * The fields' definitions, then the answers, checked by the same rules as an offer's fields and its payer form
     * (paths {@code fields[i].member} and {@code answers.key}).
     */
    private void fieldProblems(List<FieldProblem> problems) {
        List<org.passerelle.gateway.field.FieldProblem> definitions = FieldDefinition.problems(fields, "fields");
        definitions.forEach(problem -> problems.add(new FieldProblem(problem.field(), "message", problem)));
        if (answers != null && !answers.isNull() && !answers.isObject()) {
            problems.add(new FieldProblem("answers", "object"));
            return;
        }
        if (!definitions.isEmpty()) {
            return;
        }
        Map<String, String> given = answerTexts();
        if (given == null) {
            problems.add(new FieldProblem("answers", "answerValues"));
            return;
        }
        FieldValidator.validate(fields(), given).problems().forEach(problem -> problems.add(
                new FieldProblem("answers." + problem.field(), "message", problem)));
    }

    /** The answers as text (null when one is an array or an object). */
    Map<String, String> answerTexts() {
        Map<String, String> given = new LinkedHashMap<>();
        if (answers == null || answers.isNull()) {
            return given;
        }
        for (var entry : answers.properties()) {
            JsonNode value = entry.getValue();
            if (value.isContainer()) {
                return null;
            }
            given.put(entry.getKey(), value.isNull() ? null : value.isString() ? value.asString() : value.toString());
        }
        return given;
    }

    /** Checked answers, to store with the order (valid only when {@link #problems} found nothing). */
    List<Answer> checkedAnswers() {
        return FieldValidator.validate(fields(), answerTexts()).answers();
    }

    @Override
    public List<FieldDefinition> fields() {
        return fields == null ? List.of() : fields;
    }

    int terms() {
        return instalments == null ? 1 : instalments;
    }

    boolean isDonation() {
        return Boolean.TRUE.equals(donation);
    }

    boolean isAutoReturn() {
        return Boolean.TRUE.equals(autoReturn);
    }

    private static void text(List<FieldProblem> problems, String field, String value, boolean required, int max) {
        if (value != null && !SafeText.isClean(value)) {
            problems.add(new FieldProblem(field, "text"));
        } else if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new FieldProblem(field, "required"));
            }
        } else if (value.length() > max) {
            problems.add(new FieldProblem(field, "length", 1, max));
        }
    }

    private static boolean isHttpUrl(String value) {
        if (value.length() > 2000) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}
