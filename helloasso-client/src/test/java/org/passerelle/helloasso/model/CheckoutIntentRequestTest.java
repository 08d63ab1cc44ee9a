package org.passerelle.helloasso.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.InvalidRequestException;

class CheckoutIntentRequestTest {

    private static CheckoutIntentRequest.Builder valid() {
        return CheckoutIntentRequest.builder().itemName("Adhésion").amount(1000)
                .backUrl("https://a.example/b").errorUrl("https://a.example/e").returnUrl("https://a.example/r");
    }

    private static String fieldRejected(CheckoutIntentRequest request, boolean production) {
        try {
            request.validate(production);
            return null;
        } catch (InvalidRequestException e) {
            return e.field();
        }
    }

    @Test
    void itemNameMustHaveOneTo250Characters() {
        assertThat(fieldRejected(valid().itemName("x".repeat(250)).build(), false)).isNull();
        assertThat(fieldRejected(valid().itemName("x".repeat(251)).build(), false)).isEqualTo("itemName");
        assertThat(fieldRejected(valid().itemName(" ").build(), false)).isEqualTo("itemName");
        assertThat(fieldRejected(valid().itemName(null).build(), false)).isEqualTo("itemName");
    }

    @Test
    void metadataIsLimitedTo20000SerialisedCharacters() {
        // {"k":"…"} is 8 characters around the value.
        assertThat(fieldRejected(valid().metadata(Map.of("k", "x".repeat(19_992))).build(), false)).isNull();
        assertThat(fieldRejected(valid().metadata(Map.of("k", "x".repeat(19_993))).build(), false))
                .isEqualTo("metadata");
    }

    @Test
    void urlsMustBeAbsoluteAndHttpsInProduction() {
        assertThat(fieldRejected(valid().backUrl("/relative").build(), false)).isEqualTo("backUrl");
        assertThat(fieldRejected(valid().errorUrl(null).build(), false)).isEqualTo("errorUrl");
        assertThat(fieldRejected(valid().returnUrl("http://shop.example/r").build(), false)).isNull();
        assertThat(fieldRejected(valid().returnUrl("http://shop.example/r").build(), true)).isEqualTo("returnUrl");
        assertThat(fieldRejected(valid().build(), true)).isNull();
    }

    @Test
    void payerCountryIsConvertedToAlpha3AndUnknownCodesAreNamed() {
        CheckoutPayer french = new CheckoutPayer(null, null, null, null, null, null, null, "fr", null);
        CheckoutPayer unknown = new CheckoutPayer(null, null, null, null, null, null, null, "Francia", null);

        assertThat(french.country()).isEqualTo("FRA");
        assertThat(fieldRejected(valid().payer(french).build(), false)).isNull();
        assertThat(fieldRejected(valid().payer(unknown).build(), false)).isEqualTo("payer.country");
        assertThat(fieldRejected(valid().payer(CheckoutPayer.of("A", "B".repeat(256), "a@b.c")).build(), false))
                .isEqualTo("payer.lastName");
    }

    @Test
    void withoutPayerKeepsEverythingElse() {
        CheckoutIntentRequest request = valid().payer(CheckoutPayer.of("Camille", "Martin", "c@example.org"))
                .metadata(Map.of("reference", "R1")).build();

        CheckoutIntentRequest stripped = request.withoutPayer();

        assertThat(stripped.payer()).isNull();
        assertThat(stripped).usingRecursiveComparison().ignoringFields("payer").isEqualTo(request);
    }

    @Test
    void instalmentsNeedAtLeastOneCentPerPayment() {
        assertThatThrownBy(() -> CheckoutIntentRequest.builder().instalments(2, java.util.List.of(
                java.time.LocalDate.of(2026, 4, 1), java.time.LocalDate.of(2026, 5, 1))))
                .isInstanceOf(InvalidRequestException.class);
    }
}
