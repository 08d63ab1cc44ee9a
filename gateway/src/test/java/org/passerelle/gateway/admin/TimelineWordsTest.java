package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.context.support.StaticMessageSource;

/** The timeline's words, in both languages, from the console's own messages. */
class TimelineWordsTest {

    /** Words that are their own keys: for tests about something else. */
    static TimelineWords codes() {
        StaticMessageSource messages = new StaticMessageSource();
        messages.setUseCodeAsDefaultMessage(true);
        return new TimelineWords(messages, Locale.ROOT);
    }

    private static TimelineWords in(Locale locale) {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("messages", "i18n/admin");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return new TimelineWords(messages, locale);
    }

    @Test
    void attemptsAreCountedWithTheirPluralAndTheFrenchColon() {
        TimelineWords fr = in(Locale.FRENCH);
        assertThat(fr.attempts(1, null, null)).isEqualTo("1 tentative");
        assertThat(fr.attempts(2, 500, "Read timed out")).isEqualTo("2 tentatives, HTTP 500, dernière erreur\u00A0: Read timed out");
        assertThat(fr.attempts(0, null, null)).isEqualTo("aucune tentative");
        TimelineWords en = in(Locale.ENGLISH);
        assertThat(en.attempts(1, null, null)).isEqualTo("1 attempt");
        assertThat(en.attempts(3, null, "refused")).isEqualTo("3 attempts, last error: refused");
    }

    @Test
    void notificationsAreNamedAndTheirVerificationSaidInWords() {
        TimelineWords fr = in(Locale.FRENCH);
        assertThat(fr.notificationType("Order")).isEqualTo("commande");
        assertThat(fr.notificationOutcome("Payment 31: PAID", 1)).isEqualTo("paiement 31\u00A0: payée");
        assertThat(fr.notificationOutcome("Order 32: ALREADY_PAID", 2))
                .isEqualTo("commande 32\u00A0: déjà payée, 2 exemplaires");
        assertThat(fr.notificationOutcome("processing failed: IllegalStateException", 1)).as("as recorded")
                .isEqualTo("processing failed: IllegalStateException");
        assertThat(fr.notificationType("Membership")).as("a type without words").isEqualTo("Membership");
        assertThat(in(Locale.ENGLISH).notificationOutcome("Order 32: PENDING", 1)).isEqualTo("order 32: not paid yet");
    }

    @Test
    void eventsAndHandlersAreSaidInWords() {
        TimelineWords fr = in(Locale.FRENCH);
        assertThat(fr.of("admin.timeline.delivered", fr.event("order.paid"), fr.handler("webhooks")))
                .isEqualTo("Commande payée → webhooks des applications hôtes");
        assertThat(fr.handler("counting")).as("a handler without words").isEqualTo("counting");
    }
}
