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
    void amountsAreEurosWithTheReadersDecimalSeparator() {
        assertThat(OrdersCsv.euros(1234, true)).isEqualTo("12,34");
        assertThat(OrdersCsv.euros(5, false)).isEqualTo("0.05");
    }
}
