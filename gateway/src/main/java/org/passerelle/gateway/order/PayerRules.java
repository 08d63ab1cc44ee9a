package org.passerelle.gateway.order;

import java.time.LocalDate;
import java.time.Period;
import java.util.Locale;
import java.util.regex.Pattern;
import org.passerelle.helloasso.model.Countries;

/**
 * The checks HelloAsso makes on payer data (it refuses the checkout with a 400 otherwise), in one place for every way
 * a payer reaches us: the offer page refuses what fails them with a message the payer can act on; the API checks the
 * formats and leaves out of HelloAsso's pre-fill what HelloAsso would refuse ({@link #prefill}), so the payer types
 * it on HelloAsso's page instead of the checkout failing. Names: letters of any script, not "test", not one repeated
 * letter, no digits; a valid e-mail; a 3-letter country HelloAsso knows; 18 or older.
 */
public final class PayerRules {

    /** A valid address; also the form's and the API's pattern (an annotation needs a constant). */
    public static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]{2,}$";
    public static final int MAX_LENGTH = 255;
    public static final int ADULT = 18;

    private static final Pattern EMAIL_PATTERN = Pattern.compile(EMAIL);
    /** Letters (any script), with spaces, apostrophes, dots and dashes between them. */
    private static final Pattern NAME = Pattern.compile("^\\p{L}[\\p{L}\\p{M}' .\\-’]*$");
    private static final Pattern REPEATED = Pattern.compile("^(\\p{L})\\1+$");

    private PayerRules() {
    }

    /** Why HelloAsso would refuse this name ({@code digits}, {@code letters}, {@code fake}, {@code repeated}), or null. */
    public static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.chars().anyMatch(Character::isDigit)) {
            return "digits";
        } else if (!NAME.matcher(name).matches()) {
            return "letters";
        } else if (lower.contains("test")) {
            return "fake";
        } else if (REPEATED.matcher(lower).matches()) {
            return "repeated";
        }
        return null;
    }

    public static boolean isEmail(String email) {
        return email != null && email.length() <= MAX_LENGTH && EMAIL_PATTERN.matcher(email).matches();
    }

    /** An ISO 3166-1 alpha-3 code in upper case, the only form HelloAsso takes (one list: the client's). */
    public static boolean isCountry(String country) {
        return Countries.isAlpha3(country);
    }

    /** Why this birth date is refused ({@code invalid}: future or over 120 years; {@code minor}), or null. */
    public static String birthDateProblem(LocalDate birthDate, LocalDate today) {
        if (birthDate == null) {
            return null;
        }
        if (birthDate.isAfter(today) || birthDate.isBefore(today.minusYears(120))) {
            return "invalid";
        }
        return Period.between(birthDate, today).getYears() < ADULT ? "minor" : null;
    }

    /** What of this payer HelloAsso will take as a pre-fill: each field its checks would refuse is left out. */
    public static Order.Payer prefill(Order.Payer payer, LocalDate today) {
        if (payer == null) {
            return null;
        }
        return new Order.Payer(
                nameProblem(payer.firstName()) == null ? payer.firstName() : null,
                nameProblem(payer.lastName()) == null ? payer.lastName() : null,
                payer.email() == null || isEmail(payer.email()) ? payer.email() : null,
                payer.country() == null || isCountry(payer.country()) ? payer.country() : null,
                birthDateProblem(payer.birthDate(), today) == null ? payer.birthDate() : null);
    }
}
