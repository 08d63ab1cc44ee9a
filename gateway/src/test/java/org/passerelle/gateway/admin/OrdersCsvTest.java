package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.field.Answer;
import org.passerelle.gateway.field.FieldType;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderStatus;

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

    private static Order order(String id) {
        OffsetDateTime at = OffsetDateTime.parse("2026-12-03T10:15:30Z");
        return new Order(id, OrderStatus.PAID, "stage", "Stage", 2500, 2500, false,
                new Order.Payer("Marie", "Curie", "marie@example.org", "FRA", null), null, null, "asso", "hash", 1L,
                2L, 3L, null, at, at, at, null, null, false, 1, null);
    }

    @Test
    void answersAreOneColumnPerFieldKeyInTheOrderAsked() {
        Map<String, List<Answer>> answers = Map.of(
                "a", List.of(new Answer("licence", FieldType.TEXT, "Licence", "Licence", "AB12", false),
                        new Answer("notes", FieldType.MULTILINE, "Notes", "Notes", "=1+1\nsecond; line", false)),
                "b", List.of(new Answer("size", FieldType.CHOICE, "Taille", "Size", "M", false),
                        new Answer("licence", FieldType.TEXT, "Licence", "Licence", "CD34", false)));
        String csv = OrdersCsv.write(List.of(order("a"), order("b"), order("c")), answers, List.of(),
                words(Locale.FRENCH), ZoneId.of("Europe/Paris"), Locale.FRENCH);
        String[] lines = csv.substring(1).split("\r\n");
        assertThat(lines[0]).endsWith(";Attestation;answer_licence;answer_notes;answer_size");
        assertThat(lines[1]).startsWith("a;").endsWith(";AB12;\"'=1+1\nsecond; line\";");
        assertThat(lines[2]).startsWith("b;").endsWith(";CD34;;M");
        assertThat(lines[3]).startsWith("c;").endsWith(";;;");
        assertThat(OrdersCsv.write(List.of(order("c")), words(Locale.ENGLISH), ZoneId.of("UTC"), Locale.ENGLISH)
                .split("\r\n")[0]).as("no answer, no answer column").endsWith(";Receipt");
        String chosen = OrdersCsv.write(List.of(order("a")), answers, List.of("size", "club", "licence"),
                words(Locale.ENGLISH), ZoneId.of("UTC"), Locale.ENGLISH);
        assertThat(chosen.split("\r\n")[0]).as("the chosen offer's fields first, in its order, then older keys")
                .endsWith(";Receipt;answer_size;answer_club;answer_licence;answer_notes");
        assertThat(chosen.split("\r\n")[1]).endsWith(";;;AB12;\"'=1+1\nsecond; line\"");
    }

    @Test
    void columnTitlesAndStatusesAreInTheReadersLanguage() {
        String french = OrdersCsv.write(List.of(order("a")), words(Locale.FRENCH), ZoneId.of("UTC"), Locale.FRENCH);
        assertThat(french.substring(1).split("\r\n")[0]).isEqualTo("N° de commande;Créée le;Statut;Article;Montant (€);"
                + "Première échéance (€);Prénom;Nom;E-mail;Référence;Commande HelloAsso;Paiement HelloAsso;Payée le;Attestation");
        assertThat(french.split("\r\n")[1]).startsWith("a;2026-12-03 10:15:30;Payée;Stage;25,00;");
        String english = OrdersCsv.write(List.of(order("a")), words(Locale.ENGLISH), ZoneId.of("UTC"), Locale.ENGLISH);
        assertThat(english.substring(1).split("\r\n")[0]).startsWith("Order no.;Created;Status;Item;Amount (EUR);");
        assertThat(english.split("\r\n")[1]).startsWith("a;2026-12-03 10:15:30;Paid;Stage;25.00;");
    }

    /** The application's own messages, as the console reads them. */
    private static java.util.function.Function<String, String> words(Locale locale) {
        var messages = new org.springframework.context.support.ResourceBundleMessageSource();
        messages.setBasenames("messages", "i18n/admin", "i18n/refunds");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return key -> messages.getMessage(key, null, locale);
    }

    @Test
    void amountsAreEurosWithTheReadersDecimalSeparator() {
        assertThat(OrdersCsv.euros(1234, true)).isEqualTo("12,34");
        assertThat(OrdersCsv.euros(5, false)).isEqualTo("0.05");
    }
}
