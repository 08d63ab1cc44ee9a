package org.passerelle.gateway.offer;

import java.time.LocalDate;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.order.PayerRules;
import org.passerelle.gateway.web.Amounts;
import org.passerelle.gateway.web.SafeText;
import org.springframework.validation.Errors;

/**
 * The offer page's checks beyond {@link PayerForm}'s annotations: HelloAsso's payer rules ({@link PayerRules}), made
 * in our form so the payer gets a clear message instead of a refused checkout, and the offer's amount rules.
 */
public final class OfferFormRules {

    private OfferFormRules() {
    }

    public static void validate(PayerForm form, Offer offer, LocalDate today, Errors errors) {
        checkText("firstName", form.getFirstName(), errors);
        checkText("lastName", form.getLastName(), errors);
        checkText("email", form.getEmail(), errors);
        checkText("country", form.getCountry(), errors);
        checkText("amount", form.getAmount(), errors);
        checkName("firstName", form.getFirstName(), errors);
        checkName("lastName", form.getLastName(), errors);
        if (!errors.hasFieldErrors("country") && !PayerRules.isCountry(form.getCountry())) {
            errors.rejectValue("country", "payer.country.invalid");
        }
        if (offer.askBirthDate()) {
            LocalDate birthDate = form.getBirthDate();
            String problem = PayerRules.birthDateProblem(birthDate, today);
            if (birthDate == null) {
                errors.rejectValue("birthDate", "payer.birthDate.required");
            } else if (problem != null) {
                errors.rejectValue("birthDate", "payer.birthDate." + problem);
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
        if (errors.hasFieldErrors(field)) {
            return;
        }
        String problem = PayerRules.nameProblem(value);
        if (problem != null) {
            errors.rejectValue(field, "payer.name." + problem);
        }
    }
}
