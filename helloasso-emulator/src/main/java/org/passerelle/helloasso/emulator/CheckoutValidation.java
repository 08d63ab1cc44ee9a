package org.passerelle.helloasso.emulator;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.passerelle.helloasso.emulator.ApiException.Error;
import org.passerelle.helloasso.emulator.Ledger.CheckoutRequest;
import org.passerelle.helloasso.emulator.Ledger.PayerData;
import org.passerelle.helloasso.emulator.Ledger.Term;

import tools.jackson.databind.JsonNode;

/**
 * HelloAsso's checks on {@code InitCheckoutBody}: the spec's constraints, plus the payer checks HelloAsso applies
 * ("Contrôle des champs": adult payer, valid e-mail, names that do not look fake). All problems are reported at
 * once. The error codes name the offending field; HelloAsso's own codes for these are not documented.
 */
final class CheckoutValidation {

    static final int MIN_AMOUNT = 50;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$");
    private static final Pattern LETTERS = Pattern.compile("^[\\p{L}][\\p{L} '\\-.]*$");
    private static final List<String> FAKE_NAMES = List.of("test", "tester", "testing", "essai", "toto", "titi", "tata",
            "azerty", "qwerty", "aaa", "xxx", "abc", "asdf", "foo", "bar", "nom", "prenom", "prénom", "name", "firstname",
            "lastname", "anonyme", "anonymous", "user", "demo");

    /** The properties of the spec's InitCheckoutBody and CheckoutPayer. */
    static final List<String> BODY_PROPERTIES = List.of("totalAmount", "initialAmount", "itemName", "backUrl",
            "errorUrl", "returnUrl", "containsDonation", "terms", "payer", "metadata", "paymentOptions");
    static final List<String> PAYER_PROPERTIES = List.of("firstName", "lastName", "email", "dateOfBirth", "address",
            "city", "zipCode", "country", "companyName");

    private final Clock clock;
    private final List<Error> errors = new ArrayList<>();

    private CheckoutValidation(Clock clock) {
        this.clock = clock;
    }

    static CheckoutRequest validate(JsonNode body, Clock clock) {
        return new CheckoutValidation(clock).run(body);
    }

    private CheckoutRequest run(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("InvalidBody", "The request body must be a JSON object (InitCheckoutBody).");
        }
        onlyKnown(body, BODY_PROPERTIES, "");
        Integer total = integer(body, "totalAmount", true);
        Integer initial = integer(body, "initialAmount", true);
        String itemName = text(body, "itemName", true, 250);
        String backUrl = url(body, "backUrl");
        String errorUrl = url(body, "errorUrl");
        String returnUrl = url(body, "returnUrl");
        JsonNode donation = body.get("containsDonation");
        if (donation == null || donation.isNull()) {
            error("containsDonation", "The field containsDonation is required.");
        } else if (!donation.isBoolean()) {
            error("containsDonation", "The field containsDonation must be true or false.");
        }
        if (total != null && total < MIN_AMOUNT) {
            error("totalAmount", "The total amount must be at least 50 cents (0,50 €), got " + total + ".");
        }
        if (initial != null && initial <= 0) {
            error("initialAmount", "The initial amount must be positive, got " + initial + ".");
        }
        List<Term> terms = terms(body.get("terms"));
        if (total != null && initial != null && terms != null) {
            long sum = initial + terms.stream().mapToLong(Term::amount).sum();
            if (sum != total) {
                error("totalAmount", "The total amount (" + total + ") must equal the initial amount plus the terms ("
                        + sum + ").");
            }
        }
        paymentOptions(body.get("paymentOptions"));
        PayerData payer = payer(body.get("payer"));
        JsonNode metadata = body.get("metadata");
        if (metadata != null && metadata.isNull()) {
            metadata = null;
        }
        if (metadata != null) {
            if (!metadata.isObject()) {
                error("metadata", "The metadata must be a JSON object.");
            } else if (Views.JSON.writeValueAsString(metadata).length() > 20_000) {
                error("metadata", "The metadata must not exceed 20000 characters once serialised.");
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
        return new CheckoutRequest(total, initial, itemName, backUrl, errorUrl, returnUrl, donation.booleanValue(),
                terms == null ? List.of() : terms, payer, metadata == null ? null : metadata.deepCopy());
    }

    /** The spec's models are {@code additionalProperties: false}: a property it does not name is refused. */
    private void onlyKnown(JsonNode object, List<String> known, String prefix) {
        for (String name : object.propertyNames()) {
            if (!known.contains(name)) {
                error(prefix + name, "The property " + prefix + name + " is not allowed (" + (prefix.isEmpty()
                        ? "InitCheckoutBody" : prefix.substring(0, prefix.length() - 1)) + " accepts " + known + ").");
            }
        }
    }

    private void paymentOptions(JsonNode node) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            error("paymentOptions", "The field paymentOptions must be an object.");
            return;
        }
        onlyKnown(node, List.of("enableSepa"), "paymentOptions.");
        JsonNode sepa = node.get("enableSepa");
        if (sepa != null && !sepa.isNull() && !sepa.isBoolean()) {
            error("paymentOptions.enableSepa", "The field paymentOptions.enableSepa must be true or false.");
        }
    }

    private void error(String field, String message) {
        errors.add(new Error(field, message));
    }

    private Integer integer(JsonNode parent, String field, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                error(field, "The field " + field + " is required.");
            }
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            error(field, "The field " + field + " must be a whole number of cents.");
            return null;
        }
        return n.intValue();
    }

    private String text(JsonNode parent, String field, boolean required, int maxLength) {
        return text(parent, field, field, required, maxLength);
    }

    private String text(JsonNode parent, String field, String path, boolean required, int maxLength) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                error(path, "The field " + path + " is required.");
            }
            return null;
        }
        if (!n.isString()) {
            error(path, "The field " + path + " must be a string.");
            return null;
        }
        String s = n.stringValue();
        if (required && s.isBlank()) {
            error(path, "The field " + path + " must not be empty.");
        } else if (s.length() > maxLength) {
            error(path, "The field " + path + " must be at most " + maxLength + " characters long.");
        }
        return s;
    }

    private String url(JsonNode body, String field) {
        String s = text(body, field, true, 2000);
        if (s == null || s.isBlank()) {
            return s;
        }
        try {
            URI uri = new URI(s);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                error(field, "The field " + field + " must be an absolute http(s) URL.");
            }
        } catch (Exception e) {
            error(field, "The field " + field + " is not a valid URL.");
        }
        return s;
    }

    private List<Term> terms(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            error("terms", "The field terms must be an array.");
            return null;
        }
        List<Term> terms = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(clock.instant(), EmulatorClock.PARIS);
        LocalDate previous = today;
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            String path = "terms[" + i + "]";
            if (!t.isObject()) {
                error(path, "Each term must be an object {amount, date}.");
                return null;
            }
            onlyKnown(t, List.of("amount", "date"), path + ".");
            Integer amount = integer(t, "amount", true);
            if (amount != null && amount <= 0) {
                error(path + ".amount", "A term amount must be positive.");
            }
            LocalDate date = date(t, "date", path + ".date");
            if (t.get("date") == null || t.get("date").isNull()) {
                error(path + ".date", "The field " + path + ".date is required.");
            } else if (date != null && !date.isAfter(previous)) {
                error(path + ".date", "Term dates must be in the future and in increasing order.");
            }
            if (amount == null || date == null) {
                return null;
            }
            previous = date;
            terms.add(new Term(amount, date));
        }
        return terms;
    }

    /**
     * A {@code date-time} as the spec says (RFC 3339, with an offset: {@code 2026-12-25T00:00:00Z}); HelloAsso keeps
     * only its day in Paris time. A bare date ({@code 2026-12-25}) is not a date-time and is refused.
     */
    private LocalDate date(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        String s = n.isString() ? n.stringValue() : n.toString();
        try {
            return OffsetDateTime.parse(s).atZoneSameInstant(EmulatorClock.PARIS).toLocalDate();
        } catch (DateTimeParseException e) {
            error(path, "The field " + path + " must be a date-time with an offset (e.g. 2026-12-25T00:00:00Z), got '"
                    + s + "'.");
            return null;
        }
    }

    private PayerData payer(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            error("payer", "The field payer must be an object.");
            return null;
        }
        onlyKnown(node, PAYER_PROPERTIES, "payer.");
        String first = text(node, "firstName", "payer.firstName", false, 255);
        String last = text(node, "lastName", "payer.lastName", false, 255);
        String email = text(node, "email", "payer.email", false, 255);
        checkName("payer.firstName", first);
        checkName("payer.lastName", last);
        if (email != null && !email.isBlank() && !EMAIL.matcher(email).matches()) {
            error("payer.email", "The payer e-mail address is not valid.");
        }
        LocalDate birth = date(node, "dateOfBirth", "payer.dateOfBirth");
        if (birth != null) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), EmulatorClock.PARIS);
            if (Period.between(birth, today).getYears() < 18) {
                error("payer.dateOfBirth", "The payer must be at least 18 years old.");
            }
        }
        String country = text(node, "country", "payer.country", false, 255);
        if (country != null && !country.matches("[A-Za-z]{3}")) {
            error("payer.country", "The payer country must be a 3-letter ISO 3166-1 alpha-3 code such as FRA.");
        }
        String company = text(node, "companyName", "payer.companyName", false, 255);
        return new PayerData(blankToNull(first), blankToNull(last), blankToNull(email), birth,
                blankToNull(text(node, "address", "payer.address", false, 255)),
                blankToNull(text(node, "city", "payer.city", false, 255)),
                blankToNull(text(node, "zipCode", "payer.zipCode", false, 255)),
                country == null ? null : country.toUpperCase(Locale.ROOT), blankToNull(company));
    }

    /** Names HelloAsso refuses: digits, symbols, one letter, one letter repeated, or a placeholder such as "test". */
    static String nameProblem(String name) {
        String n = name.strip();
        String lower = n.toLowerCase(Locale.ROOT);
        if (!LETTERS.matcher(n).matches()) {
            return "must contain only letters, spaces, apostrophes and dashes";
        }
        if (n.length() < 2 || lower.chars().distinct().count() == 1) {
            return "does not look like a real name";
        }
        for (String fake : FAKE_NAMES) {
            if (lower.equals(fake) || lower.matches(".*\\b" + Pattern.quote(fake) + "\\b.*") && fake.startsWith("test")) {
                return "does not look like a real name";
            }
        }
        return null;
    }

    private void checkName(String path, String name) {
        if (name == null || name.isBlank()) {
            return;
        }
        String problem = nameProblem(name);
        if (problem != null) {
            error(path, "The " + (path.endsWith("firstName") ? "first" : "last") + " name '" + name + "' " + problem + ".");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
