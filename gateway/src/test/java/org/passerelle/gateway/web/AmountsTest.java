package org.passerelle.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class AmountsTest {

    @Test
    void formatsEurosInFrench() {
        // French puts the symbol after the amount, separated by a (narrow) no-break space
        assertThat(Amounts.format(1250, Locale.FRENCH).replace('\u202f', ' ').replace('\u00a0', ' ')).isEqualTo("12,50 €");
        assertThat(Amounts.format(250000, Locale.FRENCH).replace('\u202f', ' ').replace('\u00a0', ' ')).isEqualTo("2 500,00 €");
    }

    @Test
    void formatsEurosInEnglish() {
        assertThat(Amounts.format(1250, Locale.ENGLISH)).isEqualTo("€12.50");
        assertThat(Amounts.format(5, Locale.ENGLISH)).isEqualTo("€0.05");
    }

    @Test
    void parsesWhatPeopleType() {
        assertThat(Amounts.parseEuros("12")).isEqualTo(1200);
        assertThat(Amounts.parseEuros("12,5")).isEqualTo(1250);
        assertThat(Amounts.parseEuros("12.50")).isEqualTo(1250);
        assertThat(Amounts.parseEuros(" 7,05 € ")).isEqualTo(705);
    }

    @Test
    void rejectsWhatIsNotAnAmountInCents() {
        for (String bad : new String[] {null, "", "abc", "12,345", "-5", "1e3", "12,", "99999999"}) {
            assertThat(Amounts.parseEuros(bad)).as(String.valueOf(bad)).isNull();
        }
    }
}
