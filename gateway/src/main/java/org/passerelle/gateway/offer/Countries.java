package org.passerelle.gateway.offer;

import java.text.Collator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.passerelle.gateway.order.PayerRules;

/** The countries a payer can choose (those {@link PayerRules#isCountry} accepts), named in the payer's language. */
public final class Countries {

    public record Country(String code, String name) {
    }

    private Countries() {
    }

    public static List<Country> all(Locale locale) {
        Collator collator = Collator.getInstance(locale);
        return Arrays.stream(Locale.getISOCountries())
                .map(alpha2 -> Locale.of("", alpha2))
                .map(country -> new Country(country.getISO3Country(), country.getDisplayCountry(locale)))
                .filter(country -> PayerRules.isCountry(country.code()))
                .sorted(Comparator.comparing(Country::name, collator))
                .collect(Collectors.toList());
    }
}
