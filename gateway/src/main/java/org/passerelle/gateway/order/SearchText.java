package org.passerelle.gateway.order;

import java.util.Locale;

/**
 * What the console's order search compares with (the {@code search_*} columns of orders, migration V26_2): the text
 * trimmed and lower-cased, names as "first last" and "last first", so that an index serves a prefix search on each.
 * The migration fills existing orders with the same rule in SQL ({@code LOWER(TRIM(...))}).
 */
public final class SearchText {

    private SearchText() {
    }

    /** The words joined by a space, trimmed and lower-cased; null when there is nothing to search. */
    public static String of(String... words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            text.append(i == 0 ? "" : " ").append(words[i] == null ? "" : words[i]);
        }
        // spaces only, as SQL's TRIM
        String normalised = text.toString().replaceAll("^ +| +$", "").toLowerCase(Locale.ROOT);
        return words.length == 1 && words[0] == null ? null : normalised;
    }
}
