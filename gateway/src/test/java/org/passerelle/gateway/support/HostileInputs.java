package org.passerelle.gateway.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Hostile values, generated: every known-bad fragment alone, then values made by inserting one to three fragments
 * into a plausible value at random places, repeating, padding, percent-encoding or truncating them. Deterministic
 * for a seed ({@code -Dpasserelle.hostile.seed=…}, printed in every assertion message), so a failure is replayed
 * exactly; another seed explores other combinations.
 */
public final class HostileInputs {

    /** The seed of this run: the property when given, a fixed one otherwise (the build is reproducible). */
    public static final long SEED = Long.getLong("passerelle.hostile.seed", 20261203L);

    /** The start of a log line that never was: seen at the beginning of a line, a log was forged. */
    public static final String FORGED_LOG_PREFIX = "1999-01-01T00:00:00.000Z  INFO";
    public static final String FORGED_LOG_MARKER = "FORGED-LOG-LINE";

    /** Markup that must never come back unescaped in a page. */
    public static final List<String> MARKUP = List.of(
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "<svg/onload=alert(1)>",
            "'><iframe src=javascript:alert(1)>", "</textarea><script>alert(2)</script>", "<a href=\"javascript:x\">");

    /** What a spreadsheet would run. */
    public static final List<String> FORMULAS = List.of(
            "=HYPERLINK(\"http://evil.example\";\"x\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd",
            " =1+1", "   @SUM(A1)", "\u00a0=1+1", "\u3000=1+1", "\uff1d1+1", "\uff0b1+1", "\n=1+1", "\t=1+1", "\r\n-1+1");

    private static final List<String> FRAGMENTS = List.of(
            // controls, line breaks, escapes
            "\u0000", "\r", "\n", "\r\n", "\t", "\u001b[31m", "\u007f", "\u0085", "\u2028", "\u2029", "\u000b", "\f",
            "\n" + FORGED_LOG_PREFIX + " 1 --- [passerelle] [main] o.p.gateway.Forged : " + FORGED_LOG_MARKER,
            "\r\n\r\nHTTP/1.1 200 OK\r\nSet-Cookie: x=1",
            // hiding and reordering
            "\u202e", "\u202dtxt.exe", "\u2066", "\u2069", "\u200f", "\u200e", "\u061c", "\u200b", "\ufeff", "\u00ad",
            "\u2060", "\ufff9", "\udb40\udc01",
            // broken UTF-16
            "\ud800", "\udfff", "\udc00\ud800",
            // markup and templates
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "<svg/onload=alert(1)>", "'", "\"", "<", ">",
            "&amp;", "&#x3C;", "[[${7*7}]]", "${T(java.lang.Runtime).getRuntime().exec('id')}", "#{7*7}", "*{7*7}",
            "__${7*7}__::.x", "{{7*7}}", "<!--", "]]>",
            // SQL and paths
            "' OR '1'='1", "'; DROP TABLE orders; --", "\" OR \"\"=\"", "%", "_", "\\", "../../../../etc/passwd",
            "..%2f..%2f", "%2e%2e/", "%00", "%0d%0a", "%u202e",
            // URLs
            "javascript:alert(1)", "//evil.example", "http://evil.example/?", "data:text/html,<script>alert(1)</script>",
            // formulas
            "=1+1", "+1", "-1+1", "@SUM(A1)", "\uff1d1", "\u00a0=1",
            // numbers where text is expected, and the other way round
            "5000.7", "1e4", "-1", "0", "99999999999999999999", "NaN", "0x10", "\u0661\u0662",
            // size and ordinary Unicode, which must keep working
            "x".repeat(300), "Zoë", "李小龙", "Ñandú", "👩‍👩‍👧", "O'Brien", "Jean-Édouard");

    private final Random random;

    public HostileInputs() {
        this(SEED);
    }

    public HostileInputs(long seed) {
        this.random = new Random(seed);
    }

    /** Every fragment alone. */
    public static List<String> fragments() {
        return FRAGMENTS;
    }

    /** {@code count} hostile values around {@code base}: the fragments first, then random mutations. */
    public List<String> around(String base, int count) {
        Set<String> values = new LinkedHashSet<>();
        values.add("");
        values.add("   ");
        for (String fragment : FRAGMENTS) {
            if (values.size() >= count) {
                break;
            }
            values.add(fragment);
        }
        int attempts = 0;
        while (values.size() < count && attempts++ < count * 10) {
            values.add(mutate(base));
        }
        return new ArrayList<>(values);
    }

    /** One mutation of {@code base}. */
    public String mutate(String base) {
        StringBuilder value = new StringBuilder(base);
        int insertions = 1 + random.nextInt(3);
        for (int i = 0; i < insertions; i++) {
            value.insert(random.nextInt(value.length() + 1), pick(FRAGMENTS));
        }
        return switch (random.nextInt(8)) {
            case 0 -> value.toString().repeat(2 + random.nextInt(3));
            case 1 -> " " + value + " ";
            case 2 -> value.substring(0, random.nextInt(value.length() + 1));
            case 3 -> value.toString().toUpperCase(java.util.Locale.ROOT);
            default -> value.toString();
        };
    }

    /** The same value, percent-encoded as a URL parameter (how a forged link carries it). */
    public static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public boolean nextBoolean() {
        return random.nextBoolean();
    }
}
