package org.passerelle.gateway.web;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Amounts are integer cents (EUR); these are the only conversions to and from what people read and type. */
@Component("amounts")
public class Amounts {

    private static final Currency EUR = Currency.getInstance("EUR");

    /** 1250 → "12,50 €" in French, "€12.50" in English. */
    public static String format(long cents, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(EUR);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        return format.format(BigDecimal.valueOf(cents, 2));
    }

    /** For templates: {@code ${@amounts.euros(order.amount, #locale)}}. */
    public String euros(long cents, Locale locale) {
        return format(cents, locale);
    }

    /**
     * "12", "12,5", "12.50", "12,50 €" → cents; null when it is not an amount with at most two decimals.
     */
    public static Integer parseEuros(String text) {
        if (text == null) {
            return null;
        }
        String cleaned = text.replace("€", "").replace('\u00a0', ' ').replace('\u202f', ' ').trim().replace(',', '.');
        if (!cleaned.matches("\\d{1,7}(\\.\\d{1,2})?")) {
            return null;
        }
        return new BigDecimal(cleaned).movePointRight(2).intValueExact();
    }

    /** For pre-filling an input: 1250 → "12,50" (fr) or "12.50" (en). */
    public String plain(long cents, Locale locale) {
        String value = BigDecimal.valueOf(cents, 2).toPlainString();
        return Locale.ENGLISH.getLanguage().equals(locale.getLanguage()) ? value : value.replace('.', ',');
    }
}
