package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrdersCsvTest {

    @Test
    void fieldsAreQuotedWhenTheyHoldASeparatorAndFormulasAreDefused() {
        assertThat(OrdersCsv.field("Dupont;Durand")).isEqualTo("\"Dupont;Durand\"");
        assertThat(OrdersCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(OrdersCsv.field("a;\"b\"")).isEqualTo("\"a;\"\"b\"\"\"");
        assertThat(OrdersCsv.field("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        assertThat(OrdersCsv.field("-12,50")).isEqualTo("-12,50");
        assertThat(OrdersCsv.field(null)).isEmpty();
    }

    @Test
    void formulasHiddenBehindBlanksInvisibleCharactersOrFullWidthSignsAreDefusedToo() {
        for (String hidden : new String[] {" =1+1", "   @SUM(A1)", "\u00a0=HYPERLINK(\"x\")", "\u202f+1", "\n=cmd", "\r\n-2+3",
                "\t=1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20A1", " \uff1d1", "\u200b=1", "\ufeff=1", "\u3000=1"}) {
            assertThat(OrdersCsv.field(hidden)).as(hidden).matches("(?s)\"?'.*");
        }
        for (String harmless : new String[] {"Marie", "12,50", "-12.50", "a=b", "x@example.org", " Marie", "\u00a0"}) {
            assertThat(OrdersCsv.field(harmless)).as(harmless).doesNotStartWith("'");
        }
    }

    @Test
    void amountsAreEurosWithTheReadersDecimalSeparator() {
        assertThat(OrdersCsv.euros(1234, true)).isEqualTo("12,34");
        assertThat(OrdersCsv.euros(5, false)).isEqualTo("0.05");
    }
}
