package org.passerelle.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SafeTextTest {

    @Test
    void everyScriptEmojiAndTheJoinersTheyNeedAreClean() {
        for (String text : new String[] {"Marie Curie", "Zoë Ångström", "李小龙", "Алексей", "می\u200cخواهم",
                "👩\u200d👩\u200d👧", "12\u00a0€", "O'Brien", "<b>not markup here</b>", "=1+1", null, ""}) {
            assertThat(SafeText.isClean(text)).as(text).isTrue();
        }
    }

    @Test
    void whatHidesOrForgesIsNot() {
        for (String text : new String[] {"a\u0000", "a\r", "a\nb", "a\tb", "\u001b[31m", "a\u007f", "a\u0085",
                "a\u2028", "a\u2029", "\u202eexe.txt", "a\u202d", "\u2066a\u2069", "a\u200e", "a\u200f", "\u061c",
                "a\u200b", "\ufeffa", "a\u00ad", "a\u2060", "\ufff9", "a\ud800", "\udfffa", "\udc00\ud800",
                "\udb40\udc01", "a\ufffe", "\ufdd0"}) {
            assertThat(SafeText.isClean(text)).as(LogTextView.of(text)).isFalse();
        }
    }

    @Test
    void jsonKeysAndStringsAreCheckedAtAnyDepth() {
        JsonMapper json = JsonMapper.builder().build();
        assertThat(SafeText.isClean(json.readTree("{\"a\": [1, \"b\", {\"c\": true}]}"))).isTrue();
        assertThat(SafeText.isClean(json.readTree("{\"a\": [1, \"b\", {\"c\": \"x\\u202e\"}]}"))).isFalse();
        assertThat(SafeText.isClean(json.readTree("{\"a\\n\": 1}"))).isFalse();
        assertThat(SafeText.isClean(json.readTree("[\"\\u0000\"]"))).isFalse();
    }

    /** For assertion messages: the text with its invisible characters shown. */
    private static final class LogTextView {
        static String of(String text) {
            return org.passerelle.gateway.logging.LogText.escape(text);
        }
    }
}
