package org.passerelle.gateway.offer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;

class OfferFormRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final Offer FIXED = new Offer("fixed", "Fixed", "", 2500, 50, false, false, true, 1,
            Offer.Source.CONSOLE, false, 1);
    private static final Offer FREE = new Offer("free", "Free", "", null, 500, true, true, false, 1,
            Offer.Source.CONFIGURATION, false, 0);

    private static PayerForm form(String first, String last) {
        PayerForm form = new PayerForm();
        form.setFirstName(first);
        form.setLastName(last);
        form.setEmail("marie@example.org");
        form.setCountry("FRA");
        form.setBirthDate(LocalDate.of(1990, 5, 17));
        return form;
    }

    private static Errors validate(PayerForm form, Offer offer) {
        Errors errors = new BeanPropertyBindingResult(form, "payerForm");
        OfferFormRules.validate(form, offer, TODAY, errors);
        return errors;
    }

    private static String code(Errors errors, String field) {
        return errors.getFieldError(field) == null ? null : errors.getFieldError(field).getCode();
    }

    @Test
    void realNamesInAnyAlphabetPass() {
        for (String[] name : new String[][] {{"Marie", "Curie"}, {"Jean-Luc", "D'Alembert"}, {"Zoë", "Ångström"},
                {"Ana María", "de la Cruz"}, {"Алексей", "Иванов"}}) {
            assertThat(validate(form(name[0], name[1]), FIXED).hasErrors()).as(String.join(" ", name)).isFalse();
        }
    }

    @Test
    void namesHelloAssoRejectsAreCaughtWithAReason() {
        assertThat(code(validate(form("Test", "Curie"), FIXED), "firstName")).isEqualTo("payer.name.fake");
        assertThat(code(validate(form("Marie", "montest"), FIXED), "lastName")).isEqualTo("payer.name.fake");
        assertThat(code(validate(form("Marie2", "Curie"), FIXED), "firstName")).isEqualTo("payer.name.digits");
        assertThat(code(validate(form("aaaa", "Curie"), FIXED), "firstName")).isEqualTo("payer.name.repeated");
        assertThat(code(validate(form("Marie", "C@rie"), FIXED), "lastName")).isEqualTo("payer.name.letters");
    }

    @Test
    void aPayWhatYouWantAmountIsCappedLikeTheApis() {
        PayerForm form = form("Marie", "Curie");
        form.setAmount("100000");
        assertThat(validate(form, FREE).hasErrors()).as("100 000 EUR, the API's ceiling").isFalse();
        assertThat(OfferFormRules.amount(form, FREE)).isEqualTo(org.passerelle.gateway.order.NewOrder.MAX_AMOUNT);
        for (String tooMuch : new String[] {"100000,01", "9999999,99", "1000000"}) {
            form.setAmount(tooMuch);
            assertThat(code(validate(form, FREE), "amount")).as(tooMuch).isEqualTo("offer.amount.tooHigh");
        }
    }

    @Test
    void controlInvisibleAndBidiCharactersAreRefusedInEveryField() {
        for (String hidden : new String[] {"Ma\u202erie", "Marie\u0000", "Ma\nrie", "Ma\u200brie", "Ma\ud800rie", "\u2066Marie"}) {
            assertThat(code(validate(form(hidden, "Curie"), FIXED), "firstName")).as(hidden).isEqualTo("text.invalid");
            PayerForm email = form("Marie", "Curie");
            email.setEmail("marie" + hidden + "@example.org");
            assertThat(code(validate(email, FIXED), "email")).as(hidden).isEqualTo("text.invalid");
        }
    }

    @Test
    void countryMustBeAnAlpha3Code() {
        PayerForm form = form("Marie", "Curie");
        form.setCountry("FR");
        assertThat(code(validate(form, FIXED), "country")).isEqualTo("payer.country.invalid");
        form.setCountry("BEL");
        assertThat(validate(form, FIXED).hasErrors()).isFalse();
    }

    @Test
    void payersMustBeAdultsWhenTheBirthDateIsAsked() {
        PayerForm form = form("Marie", "Curie");
        form.setBirthDate(TODAY.minusYears(18).plusDays(1));
        assertThat(code(validate(form, FIXED), "birthDate")).isEqualTo("payer.birthDate.minor");
        form.setBirthDate(TODAY.minusYears(18));
        assertThat(validate(form, FIXED).hasErrors()).isFalse();
        form.setBirthDate(null);
        assertThat(code(validate(form, FIXED), "birthDate")).isEqualTo("payer.birthDate.required");
        form.setBirthDate(TODAY.plusDays(3));
        assertThat(code(validate(form, FIXED), "birthDate")).isEqualTo("payer.birthDate.invalid");
    }

    @Test
    void theBirthDateIsNotRequiredWhenNotAsked() {
        PayerForm form = form("Marie", "Curie");
        form.setBirthDate(null);
        form.setAmount("10");
        assertThat(validate(form, FREE).hasErrors()).isFalse();
    }

    @Test
    void payWhatYouWantAmountsRespectTheMinimum() {
        PayerForm form = form("Marie", "Curie");
        form.setAmount("4,99");
        assertThat(code(validate(form, FREE), "amount")).isEqualTo("offer.amount.tooLow");
        form.setAmount("abc");
        assertThat(code(validate(form, FREE), "amount")).isEqualTo("offer.amount.invalid");
        form.setAmount("");
        assertThat(code(validate(form, FREE), "amount")).isEqualTo("offer.amount.required");
        form.setAmount("5");
        assertThat(validate(form, FREE).hasErrors()).isFalse();
        assertThat(OfferFormRules.amount(form, FREE)).isEqualTo(500);
        assertThat(OfferFormRules.amount(form, FIXED)).isEqualTo(2500);
    }
}
