package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A flash message's colour says what happened: green only for what succeeded, never for a mismatch or a refusal. */
class FlashToneTest {

    private final AdminFormat format = new AdminFormat(null, null);

    @Test
    void aMismatchIsRedAndWhatDidNotHappenIsAmber() {
        assertThat(format.tone("admin.flash.checked.MISMATCH")).isEqualTo("error");
        assertThat(format.tone("golive.flash.connectionRefused")).isEqualTo("error");
        assertThat(format.tone("golive.flash.notificationRefused")).isEqualTo("error");
        for (String key : new String[] {"admin.flash.checked.UNAVAILABLE", "admin.flash.checked.REFUSED",
                "admin.flash.checked.PENDING", "admin.flash.checked.EXPIRED", "admin.flash.checked.NOTHING_TO_VERIFY",
                "admin.flash.notRedelivered", "admin.flash.keyNotRevoked", "admin.flash.notFound",
                "admin.flash.alreadyCancelled", "admin.flash.notCancellable", "moodle.flash.notRetried",
                "golive.flash.connectionUnreachable", "golive.flash.notificationFailed",
                "admin.flash.webhookNotRedelivered", "admin.flash.endpointNotRemoved"}) {
            assertThat(format.tone(key)).as(key).isEqualTo("warning");
        }
        for (String key : new String[] {"admin.flash.checked.PAID", "admin.flash.checked.ALREADY_PAID",
                "admin.flash.cancelled", "admin.flash.reconciled", "golive.flash.notificationRegistered",
                "golive.flash.connectionOk", "admin.flash.replayed", "golive.flash.offerSaved"}) {
            assertThat(format.tone(key)).as(key).isEqualTo("success");
        }
        assertThat(format.tone(null)).isEqualTo("info");
    }

    @Test
    void noFlashThatSpeaksOfFraudOrMismatchIsGreen() throws IOException {
        for (String file : new String[] {"i18n/admin.properties", "i18n/admin_en.properties", "i18n/golive.properties",
                "i18n/golive_en.properties", "i18n/moodle.properties", "i18n/moodle_en.properties"}) {
            Properties messages = new Properties();
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
                messages.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
            messages.stringPropertyNames().stream().filter(k -> k.contains(".flash."))
                    .filter(k -> messages.getProperty(k).toLowerCase().matches(
                            ".*(fraud|incohérence|mismatch|refus|échou|failed|ne peut pas|cannot|can't|introuvable|not found).*"))
                    .forEach(k -> assertThat(format.tone(k)).as(file + " " + k + " = " + messages.getProperty(k))
                            .isNotEqualTo("success"));
        }
    }
}
