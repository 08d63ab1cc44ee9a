package org.passerelle.helloasso.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.passerelle.helloasso.InvalidRequestException;

/** ISO 3166-1 conversions: HelloAsso wants alpha-3 country codes where most forms collect alpha-2. */
public final class Countries {
    private static final Map<String, String> ALPHA3_BY_ALPHA2 = new HashMap<>();
    private static final Map<String, String> ALPHA2_BY_ALPHA3 = new HashMap<>();

    static {
        for (String alpha2 : Locale.getISOCountries()) {
            String alpha3 = Locale.of("", alpha2).getISO3Country();
            if (alpha3.length() == 3) {
                ALPHA3_BY_ALPHA2.put(alpha2, alpha3);
                ALPHA2_BY_ALPHA3.put(alpha3, alpha2);
            }
        }
    }

    private Countries() {
    }

    /** "FR", "fr", "FRA" → "FRA". Throws {@link InvalidRequestException} for anything that is not an ISO country. */
    public static String toAlpha3(String code) {
        String normalized = normalize(code);
        if (normalized == null || !ALPHA2_BY_ALPHA3.containsKey(normalized)) {
            throw new InvalidRequestException("country", "must be an ISO 3166-1 alpha-2 or alpha-3 country code, got \"" + code + "\"");
        }
        return normalized;
    }

    /** "FRA" → "FR". Throws {@link InvalidRequestException} for an unknown code. */
    public static String toAlpha2(String alpha3) {
        String alpha2 = alpha3 == null ? null : ALPHA2_BY_ALPHA3.get(alpha3.trim().toUpperCase(Locale.ROOT));
        if (alpha2 == null) {
            throw new InvalidRequestException("country", "must be an ISO 3166-1 alpha-3 country code, got \"" + alpha3 + "\"");
        }
        return alpha2;
    }

    /** True for a known alpha-3 code in upper case, the only form HelloAsso accepts. */
    public static boolean isAlpha3(String code) {
        return code != null && ALPHA2_BY_ALPHA3.containsKey(code);
    }

    /** Upper-cases and converts a known alpha-2 code; leaves anything else as given so validation can name it. */
    static String normalize(String code) {
        if (code == null) {
            return null;
        }
        String upper = code.trim().toUpperCase(Locale.ROOT);
        return ALPHA3_BY_ALPHA2.getOrDefault(upper, upper);
    }
}
