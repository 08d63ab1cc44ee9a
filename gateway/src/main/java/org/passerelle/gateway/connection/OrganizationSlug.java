package org.passerelle.gateway.connection;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HelloAsso organization slugs: the {@code <slug>} of {@code https://www.helloasso.com/associations/<slug>}, lower-case
 * letters, digits and dashes. People paste the whole address, or the name with capitals and spaces.
 */
public final class OrganizationSlug {

    private static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,249}$");
    private static final Pattern IN_ADDRESS = Pattern.compile("/associations/([^/?#\\s]+)");

    private OrganizationSlug() {
    }

    public static boolean isWellFormed(String value) {
        return value != null && SLUG.matcher(value).matches();
    }

    /** The slug the person probably meant: the one inside a pasted address, or the value lower-cased and dashed. */
    public static Optional<String> suggestion(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Matcher address = IN_ADDRESS.matcher(value);
        String candidate = address.find() ? address.group(1)
                : value.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
        return isWellFormed(candidate) && !candidate.equals(value) ? Optional.of(candidate) : Optional.empty();
    }
}
