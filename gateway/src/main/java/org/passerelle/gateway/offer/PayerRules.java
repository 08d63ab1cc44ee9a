package org.passerelle.gateway.offer;

import java.time.LocalDate;
import java.time.Period;
import java.util.Locale;
import java.util.regex.Pattern;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.web.Amounts;
import org.passerelle.gateway.web.SafeText;
import org.springframework.validation.Errors;

/**
 * The checks HelloAsso makes on payer data (it rejects the checkout with a 400 otherwise), made in our form first so
 * the payer gets a clear message: names made of letters, not "test", not one repeated character, no digits; a
 * 3-letter country; 18 or older when a birth date is asked. Plus the offer's amount rules.
 */
public final class PayerRules {

    /** Letters (any script), with spaces, apostrophes, dots and dashes between them. */
    private static final Pattern NAME = Pattern.compile("^\\p{L}[\\p{L}\\p{M}' .\\-’]*$");
    private static final Pattern REPEATED = Pattern.compile("^(\\p{L})\\1+$");

    private PayerRules() {
    }

    public static void validate(PayerForm form, Offer offer, LocalDate today, Errors errors) {
        checkText("firstName", form.getFirstName(), errors);
        checkText("lastName", form.getLastName(), errors);
        checkText("email", form.getEmail(), errors);
        checkText("country", form.getCountry(), errors);
        checkText("amount", form.getAmount(), errors);
        checkName("firstName", form.getFirstName(), errors);
        checkName("lastName", form.getLastName(), errors);
        if (!errors.hasFieldErrors("country") && !Countries.isValid(form.getCountry())) {
            errors.rejectValue("country", "payer.country.invalid");
        }
        if (offer.askBirthDate()) {
            LocalDate birthDate = form.getBirthDate();
            if (birthDate == null) {
                errors.rejectValue("birthDate", "payer.birthDate.required");
            } else if (birthDate.isAfter(today) || birthDate.isBefore(today.minusYears(120))) {
                errors.rejectValue("birthDate", "payer.birthDate.invalid");
            } else if (Period.between(birthDate, today).getYears() < 18) {
                errors.rejectValue("birthDate", "payer.birthDate.minor");
            }
        }
        if (offer.payWhatYouWant() && !errors.hasFieldErrors("amount")) {
            Integer cents = Amounts.parseEuros(form.getAmount());
            if (form.getAmount() == null || form.getAmount().isEmpty()) {
                errors.rejectValue("amount", "offer.amount.required");
            } else if (cents == null) {
                errors.rejectValue("amount", "offer.amount.invalid");
            } else if (cents < offer.minPrice()) {
                errors.rejectValue("amount", "offer.amount.tooLow");
            } else if (cents > NewOrder.MAX_AMOUNT) {
                // the same ceiling as the API's
                errors.rejectValue("amount", "offer.amount.tooHigh", new Object[] {NewOrder.MAX_AMOUNT / 100}, null);
            }
        }
    }

    /** The amount to charge, in cents (valid only after {@link #validate}). */
    public static int amount(PayerForm form, Offer offer) {
        return offer.payWhatYouWant() ? Amounts.parseEuros(form.getAmount()) : offer.price();
    }

    /** Control, invisible and bidirectional characters are refused in every field, before any other rule. */
    static void checkText(String field, String value, Errors errors) {
        if (!errors.hasFieldErrors(field) && !SafeText.isClean(value)) {
            errors.rejectValue(field, "text.invalid");
        }
    }

    static void checkName(String field, String value, Errors errors) {
        if (value == null || value.isEmpty() || errors.hasFieldErrors(field)) {
            return;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (value.chars().anyMatch(Character::isDigit)) {
            errors.rejectValue(field, "payer.name.digits");
        } else if (!NAME.matcher(value).matches()) {
            errors.rejectValue(field, "payer.name.letters");
        } else if (lower.contains("test")) {
            errors.rejectValue(field, "payer.name.fake");
        } else if (REPEATED.matcher(lower).matches()) {
            errors.rejectValue(field, "payer.name.repeated");
        }
    }
}
