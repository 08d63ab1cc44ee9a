package org.passerelle.gateway.api;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.passerelle.gateway.api.ApiProblemException.FieldProblem;
import org.passerelle.gateway.field.Answer;
import org.passerelle.gateway.field.FieldDefinition;
import org.passerelle.gateway.field.FieldValidator;
import org.passerelle.gateway.order.Country;
import org.passerelle.gateway.order.Instalments;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.order.PayerRules;
import org.passerelle.gateway.web.CleanText;
import org.passerelle.gateway.web.HttpUrl;
import org.passerelle.gateway.web.SafeText;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/orders}, checked by Bean Validation (the payer's formats are {@link PayerRules}',
 * as on the offer page; the birth date is checked against the application's clock), then by the few rules that span
 * several fields.
 */
public record CreateOrderRequest(
        @CleanText @NotBlank @Size(max = 250) String itemName,
        @NotNull @Min(NewOrder.MIN_AMOUNT) @Max(NewOrder.MAX_AMOUNT) Integer amount,
        @Valid Payer payer,
        @CleanText @NotBlank @Size(max = 255) String reference,
        JsonNode metadata,
        @CleanText @HttpUrl String returnUrl,
        Boolean autoReturn,
        @Min(1) @Max(Instalments.MAX_TERMS) Integer instalments,
        Boolean donation,
        /* The questions the host asked its payer (the same definitions as an offer's fields). */
        List<FieldDefinition> fields,
        /* The payer's answers, by field key: strings, numbers or booleans. */
        JsonNode answers) {

    /**
     * A pre-fill for HelloAsso's page: formats are checked here; what HelloAsso's own checks would refuse (a name
     * with digits, a minor…) is accepted and left out of the pre-fill ({@link PayerRules#prefill}).
     */
    public record Payer(
            @CleanText @Size(max = PayerRules.MAX_LENGTH) String firstName,
            @CleanText @Size(max = PayerRules.MAX_LENGTH) String lastName,
            @CleanText @Pattern(regexp = PayerRules.EMAIL) @Size(max = PayerRules.MAX_LENGTH) String email,
            @CleanText @Country String country,
            @Past LocalDate birthDate) {
    }

    static final int MAX_METADATA = 10_000;

    /** The order in which a client reads the problems (the body's own order). */
    private static final List<String> FIELD_ORDER = List.of("itemName", "amount", "reference", "instalments",
            "metadata", "returnUrl", "autoReturn", "payer.firstName", "payer.lastName", "payer.email", "payer.country",
            "payer.birthDate");

    /** Every invalid field, each with its message key (api.field.*) and arguments; one problem per field. */
    List<FieldProblem> problems(Validator validator, int metadataLength) {
        Map<String, FieldProblem> byField = new LinkedHashMap<>();
        validator.validate(this).stream()
                .sorted(Comparator.comparingInt(CreateOrderRequest::priority))
                .forEach(violation -> byField.putIfAbsent(violation.getPropertyPath().toString(), problem(violation)));
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            byField.put("metadata", new FieldProblem("metadata", "object"));
        } else if (metadataLength > MAX_METADATA) {
            byField.put("metadata", new FieldProblem("metadata", "metadataLength", MAX_METADATA));
        } else if (!SafeText.isClean(metadata)) {
            byField.put("metadata", new FieldProblem("metadata", "text"));
        }
        if (isAutoReturn() && returnUrl == null) {
            byField.put("autoReturn", new FieldProblem("autoReturn", "needsReturnUrl"));
        }
        List<FieldProblem> problems = new ArrayList<>(byField.values());
        problems.sort(Comparator.comparingInt(problem -> FIELD_ORDER.indexOf(problem.field())));
        fieldProblems(problems);
        return problems;
    }

    /** Hidden characters first (nothing else about such a value is worth saying), then a missing value. */
    private static int priority(ConstraintViolation<?> violation) {
        Class<? extends Annotation> type = violation.getConstraintDescriptor().getAnnotation().annotationType();
        return type == CleanText.class ? 0 : type == NotBlank.class || type == NotNull.class ? 1 : 2;
    }

    private static FieldProblem problem(ConstraintViolation<?> violation) {
        String field = violation.getPropertyPath().toString();
        Class<? extends Annotation> type = violation.getConstraintDescriptor().getAnnotation().annotationType();
        if (type == CleanText.class) {
            return new FieldProblem(field, "text");
        } else if (type == NotBlank.class || type == NotNull.class) {
            return new FieldProblem(field, "required");
        } else if (type == Pattern.class || field.equals("payer.email")) {
            return new FieldProblem(field, "email");
        } else if (type == Size.class) {
            return new FieldProblem(field, "length", 1, violation.getConstraintDescriptor().getAttributes().get("max"));
        } else if (field.equals("amount")) {
            return new FieldProblem(field, "amount", NewOrder.MIN_AMOUNT, NewOrder.MAX_AMOUNT);
        } else if (field.equals("instalments")) {
            return new FieldProblem(field, "instalments", 2, Instalments.MAX_TERMS);
        } else if (type == HttpUrl.class) {
            return new FieldProblem(field, "url");
        } else if (type == Country.class) {
            return new FieldProblem(field, "country");
        } else if (type == Past.class) {
            return new FieldProblem(field, "past");
        }
        throw new IllegalStateException("No API message for " + type.getSimpleName() + " on " + field);
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
}
