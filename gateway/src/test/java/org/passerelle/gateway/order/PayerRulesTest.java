package org.passerelle.gateway.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PayerRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

    @Test
    void thePrefillKeepsWhatHelloAssoTakesAndLeavesOutWhatItWouldRefuse() {
        Order.Payer fine = new Order.Payer("Zoë", "D'Alembert", "zoe@example.org", "BEL", TODAY.minusYears(18));
        assertThat(PayerRules.prefill(fine, TODAY)).isEqualTo(fine);

        Order.Payer refused = new Order.Payer("Student1", "Test", "zoe@example", "FR", TODAY.minusYears(18).plusDays(1));
        assertThat(PayerRules.prefill(refused, TODAY)).isEqualTo(new Order.Payer(null, null, null, null, null));
        assertThat(PayerRules.prefill(null, TODAY)).isNull();
    }

    @Test
    void namesEmailsCountriesAndAgesAreJudgedAsHelloAssoDoes() {
        assertThat(PayerRules.nameProblem("Алексей")).isNull();
        assertThat(PayerRules.nameProblem("Marie2")).isEqualTo("digits");
        assertThat(PayerRules.nameProblem("C@rie")).isEqualTo("letters");
        assertThat(PayerRules.nameProblem("Contestable")).isEqualTo("fake");
        assertThat(PayerRules.nameProblem("Aaaa")).isEqualTo("repeated");
        assertThat(PayerRules.isEmail("a@b.fr")).isTrue();
        assertThat(PayerRules.isEmail("a@b.c")).as("a one-letter top-level domain").isFalse();
        assertThat(PayerRules.isCountry("FRA")).isTrue();
        assertThat(PayerRules.isCountry("fra")).isFalse();
        assertThat(PayerRules.birthDateProblem(TODAY.plusDays(1), TODAY)).isEqualTo("invalid");
        assertThat(PayerRules.birthDateProblem(TODAY.minusYears(121), TODAY)).isEqualTo("invalid");
        assertThat(PayerRules.birthDateProblem(TODAY.minusYears(17), TODAY)).isEqualTo("minor");
        assertThat(PayerRules.birthDateProblem(TODAY.minusYears(18), TODAY)).isNull();
    }
}
