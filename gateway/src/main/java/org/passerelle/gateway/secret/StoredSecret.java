package org.passerelle.gateway.secret;

import java.util.regex.Pattern;

/**
 * A database column that holds secrets sealed by {@link SecretBox}: every row of {@code table}, or only the row whose
 * {@code idColumn} is {@code onlyId} (one row of {@code settings}). The id column is text.
 */
public record StoredSecret(String table, String idColumn, String valueColumn, String onlyId) {

    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]*$");

    public StoredSecret {
        // identifiers go into SQL as they are: code constants only
        if (!NAME.matcher(table).matches() || !NAME.matcher(idColumn).matches()
                || !NAME.matcher(valueColumn).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier");
        }
    }

    public static StoredSecret column(String table, String idColumn, String valueColumn) {
        return new StoredSecret(table, idColumn, valueColumn, null);
    }

    /** One row of the {@code settings} table. */
    public static StoredSecret setting(String name) {
        return new StoredSecret("settings", "name", "setting_value", name);
    }

    String where(String id) {
        return table + "." + valueColumn + " (" + idColumn + " " + id + ")";
    }
}
