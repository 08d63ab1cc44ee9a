package org.passerelle.gateway.offer;

import java.text.Collator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** ISO 3166-1 alpha-3 codes (what HelloAsso expects) with names in the payer's language. */
public final class Countries {

    public record Country(String code, String name) {
    }

    private static final Set<String> CODES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3);

    private Countries() {
    }

    public static boolean isValid(String alpha3) {
        return alpha3 != null && CODES.contains(alpha3);
    }

    public static List<Country> all(Locale locale) {
        Collator collator = Collator.getInstance(locale);
        return Arrays.stream(Locale.getISOCountries())
                .map(alpha2 -> Locale.of("", alpha2))
                .map(country -> new Country(country.getISO3Country(), country.getDisplayCountry(locale)))
                .filter(country -> CODES.contains(country.code()))
                .sorted(Comparator.comparing(Country::name, collator))
                .collect(Collectors.toList());
    }
}
