package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 22, what was left of "a million orders":
 * <ul>
 * <li>the console's order search without pg_trgm (H2, the embedded default, and PostgreSQL without the extension):
 * the payer's e-mail, "first last", "last first" and the host's reference, lower-cased, in columns of their own
 * ({@link #SEARCH_COLUMNS}, written with each new order by {@code OrderRepository.insert}), each with an index a
 * prefix match reads ({@code LIKE 'q%'}: a range of the index on H2, {@code varchar_pattern_ops} on PostgreSQL,
 * whatever the database's collation);</li>
 * <li>orders by status (the metrics' {@code passerelle_orders{status}}): an index on status alone, which PostgreSQL
 * deduplicates to a few bytes per order and counts without reading the table;</li>
 * <li>an API key's orders by (creation time, id), for the API's cursor pages (the index on key and creation time
 * stays: it is smaller, and the page-numbered listing reads it);</li>
 * <li>the purge of delivered webhook deliveries reads them by delivery time.</li>
 * </ul>
 * Existing orders are filled in batches of {@link #BATCH} by primary key, each batch its own transaction, so that a
 * table of a million orders upgrades without holding a lock on it (or on a million rows) for the whole migration;
 * the indexes are built afterwards, each in its own statement (writes to orders wait for each build: seconds at a
 * million orders). Hence a migration outside Flyway's transaction: run again after a crash, each step finds what was
 * done and goes on.
 */
public class V26_2__search_columns_and_counts extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V26_2__search_columns_and_counts.class);
    static final int BATCH = 5_000;

    /**
     * The search columns and how each is computed from the order, the same SQL here and in
     * {@code OrderRepository.insert} (one lower-casing for the stored text; the console lower-cases what is typed).
     */
    public static final String SEARCH_EMAIL = "LOWER(TRIM(payer_email))";
    public static final String SEARCH_NAME = "LOWER(TRIM(COALESCE(payer_first_name, '') || ' ' || COALESCE(payer_last_name, '')))";
    public static final String SEARCH_NAME_REVERSED = "LOWER(TRIM(COALESCE(payer_last_name, '') || ' ' || COALESCE(payer_first_name, '')))";
    public static final String SEARCH_REFERENCE = "LOWER(TRIM(reference))";
    public static final String SEARCH_COLUMNS = "search_email = " + SEARCH_EMAIL + ", search_name = " + SEARCH_NAME
            + ", search_name_reversed = " + SEARCH_NAME_REVERSED + ", search_reference = " + SEARCH_REFERENCE;

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        boolean postgres = connection.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL");
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try {
            try (Statement sql = connection.createStatement()) {
                for (String column : new String[] {"search_email VARCHAR(255)", "search_name VARCHAR(520)",
                        "search_name_reversed VARCHAR(520)", "search_reference VARCHAR(255)"}) {
                    sql.execute("ALTER TABLE orders ADD COLUMN IF NOT EXISTS " + column);
                }
            }
            long filled = backfill(connection);
            log.info("Search columns filled for {} orders", filled);
            String pattern = postgres ? " varchar_pattern_ops" : "";
            // not CONCURRENTLY: Flyway keeps a transaction open on another connection for its lock, which a
            // concurrent build would wait for forever; each index is one short statement after the backfill
            try (Statement sql = connection.createStatement()) {
                for (String column : new String[] {"search_email", "search_name", "search_name_reversed",
                        "search_reference"}) {
                    sql.execute("CREATE INDEX IF NOT EXISTS orders_" + column + "_idx ON orders ("
                            + column + pattern + ")");
                }
                sql.execute("CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status)");
                // an API key's orders newest first with the id as tie-break: a cursor page is one range of the index
                sql.execute("CREATE INDEX IF NOT EXISTS orders_api_key_created_id_idx ON orders (api_key_id, created_at, id)");
                sql.execute("CREATE INDEX IF NOT EXISTS webhook_deliveries_delivered_idx ON webhook_deliveries (delivered_at)");
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Fills the search columns of every order, {@link #BATCH} orders (by primary key) per transaction. */
    static long backfill(Connection connection) throws SQLException {
        long filled = 0;
        String last = "";
        try (PreparedStatement upper = connection.prepareStatement(
                "SELECT MAX(id) FROM (SELECT id FROM orders WHERE id > ? ORDER BY id LIMIT " + BATCH + ") batch");
                PreparedStatement update = connection.prepareStatement("UPDATE orders SET " + SEARCH_COLUMNS
                        + " WHERE id > ? AND id <= ?")) {
            while (true) {
                upper.setString(1, last);
                String next;
                try (ResultSet rs = upper.executeQuery()) {
                    rs.next();
                    next = rs.getString(1);
                }
                if (next == null) {
                    return filled;
                }
                update.setString(1, last);
                update.setString(2, next);
                filled += update.executeUpdate();
                last = next;
            }
        }
    }
}
