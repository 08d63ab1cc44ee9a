package org.passerelle.gateway.offer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;

/** The console's offer form: prices in euros read strictly, ids derived from names, every field checked. */
class OfferFormTest {

    private static OfferForm fixed(String name, String price) {
        OfferForm form = new OfferForm();
        form.setName(name);
        form.setPrice(price);
        return form;
    }

    private static Errors validate(OfferForm form, String... taken) {
        Errors errors = new BeanPropertyBindingResult(form, "offerForm");
        form.validate(errors, true, Set.of(taken)::contains);
        return errors;
    }

    private static String code(Errors errors, String field) {
        return errors.getFieldError(field) == null ? null : errors.getFieldError(field).getCode();
    }

    @Test
    void aPriceIsEurosWithACommaOrAPointAndAtMostTwoDecimals() {
        for (String[] ok : new String[][] {{"12,50", "1250"}, {"12.50", "1250"}, {"12", "1200"}, {"12,5", "1250"},
                {" 12,50 € ", "1250"}, {"0,50", "50"}, {"1500", "150000"}}) {
            OfferForm form = fixed("Stage", ok[0]);
            assertThat(validate(form).hasErrors()).as(ok[0]).isFalse();
            assertThat(form.toOffer().price()).as(ok[0]).isEqualTo(Integer.parseInt(ok[1]));
        }
        for (String bad : new String[] {"12,505", "1.250,00", "1 250", "1,250.00", "-3", "abc", "12e2", "12,", ",5",
                "0x10", "١٢"}) {
            assertThat(code(validate(fixed("Stage", bad)), "price")).as(bad).isEqualTo("offerForm.amount.invalid");
        }
        assertThat(code(validate(fixed("Stage", "0,49")), "price")).isEqualTo("offerForm.amount.tooLow");
        assertThat(code(validate(fixed("Stage", "")), "price")).isEqualTo("offerForm.price.required");
    }

    @Test
    void payWhatYouWantNeedsNoPriceAndHasAMinimum() {
        OfferForm form = fixed("Don libre", "");
        form.setPayWhatYouWant(true);
        form.setDonation(true);
        assertThat(validate(form).hasErrors()).isFalse();
        Offer offer = form.toOffer();
        assertThat(offer.price()).isNull();
        assertThat(offer.minPrice()).isEqualTo(50);
        assertThat(offer.donation()).isTrue();

        form.setMinPrice("5");
        assertThat(validate(form).hasErrors()).isFalse();
        assertThat(form.toOffer().minPrice()).isEqualTo(500);
        form.setMinPrice("0,10");
        assertThat(code(validate(form), "minPrice")).isEqualTo("offerForm.amount.tooLow");
    }

    @Test
    void theIdComesFromTheNameWhenEmptyAndMustBeFree() {
        OfferForm form = fixed("Stage d'été 2026 — Voile !", "300");
        assertThat(validate(form).hasErrors()).isFalse();
        assertThat(form.getId()).isEqualTo("stage-d-ete-2026-voile");

        assertThat(code(validate(fixed("Adhésion", "25"), "adhesion"), "id")).isEqualTo("offerForm.id.taken");
        OfferForm bad = fixed("Adhésion", "25");
        bad.setId("Adhésion 2026");
        assertThat(code(validate(bad), "id")).isEqualTo("offerForm.id.invalid");
        OfferForm symbols = fixed("€€€", "25");
        assertThat(code(validate(symbols), "id")).isEqualTo("offerForm.id.required");
    }

    @Test
    void namesAndDescriptionsAreBounded() {
        assertThat(code(validate(fixed("", "25")), "name")).isEqualTo("offerForm.name.required");
        assertThat(code(validate(fixed("x".repeat(251), "25")), "name")).isEqualTo("offerForm.name.invalid");
        assertThat(code(validate(fixed("Deux\nlignes", "25")), "name")).isEqualTo("offerForm.name.invalid");
        OfferForm form = fixed("Stage", "25");
        form.setDescription("bell\u0007");
        assertThat(code(validate(form), "description")).isEqualTo("offerForm.description.invalid");
        form.setDescription("Une semaine.\nRepas compris.");
        form.setInstalments(13);
        Errors errors = validate(form);
        assertThat(errors.hasFieldErrors("description")).isFalse();
        assertThat(code(errors, "instalments")).isEqualTo("offerForm.instalments.invalid");
    }

    @Test
    void anOfferIsShownBackInTheConsolesLanguage() {
        Offer offer = new Offer("stage", "Stage", "", 1250, 50, false, false, false, 3, Offer.Source.CONSOLE, false, 4);
        assertThat(OfferForm.of(offer, Locale.FRENCH).getPrice()).isEqualTo("12,50");
        assertThat(OfferForm.of(offer, Locale.ENGLISH).getPrice()).isEqualTo("12.50");
        assertThat(OfferForm.of(offer, Locale.FRENCH).getVersion()).isEqualTo(4);
    }
}
