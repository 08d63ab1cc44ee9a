package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 22, a million orders: the indexes the console, the API, the metrics and the order timeline read by, so that
 * none of them reads whole tables as the years pile up.
 * Numbered after the migrations merged before it (V24_1), so that no database sees an older one arrive.
 *
 * <p>Everywhere (H2 and PostgreSQL): orders by creation time and id (replaces the index on creation time alone: the
 * console's listing and its capped count read the index only), by payment time (the dashboard's chart, the last paid order), by current
 * checkout intent (the console's reference search), fulfilment deliveries and Moodle enrolments by order (an order's
 * page).
 *
 * <p>PostgreSQL only, when the {@code pg_trgm} extension is there or may be created (it is a "trusted" extension
 * since PostgreSQL 13: a database owner may create it; it is looked for in any schema, created in {@code public}
 * otherwise): trigram indexes for the console's "contains" searches, over the payer's e-mail and names (one
 * expression, {@link #PAYER_SEARCH}) and the host's reference. Without it the search reads the orders table (one
 * expression per row); the console works the same, slower on large tables. The attempt runs in a savepoint: a refusal
 * does not stop the migration.
 */
public class V25_1__scale_indexes extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V25_1__scale_indexes.class);

    /**
     * The payer's e-mail, first and last names as one lower-case text, the console's search matches in it: e-mail,
     * then a unit separator (no payer field holds one, and the search strips it), then "first last". The query must
     * spell it exactly so (PostgreSQL matches an expression index by its expression).
     */
    public static final String PAYER_SEARCH = "LOWER(COALESCE(payer_email, '') || '\u001f' || COALESCE(payer_first_name, '')"
            + " || ' ' || COALESCE(payer_last_name, ''))";

    private static final List<String> PORTABLE = List.of(
            // the console's listing, newest first, and its count up to 10,000 read from the index alone
            "CREATE INDEX orders_created_id_idx ON orders (created_at, id)",
            "DROP INDEX orders_created_idx",
            // the oldest pending order (dashboard, metrics): old orders are rarely pending, an index on created_at
            // alone would walk the whole history to find it
            "CREATE INDEX orders_status_created_id_idx ON orders (status, created_at, id)",
            "DROP INDEX orders_status_created_idx",
            "CREATE INDEX orders_paid_idx ON orders (paid_at)",
            "CREATE INDEX orders_checkout_intent_idx ON orders (checkout_intent_id)",
            "CREATE INDEX fulfilment_deliveries_order_idx ON fulfilment_deliveries (order_id)",
            "CREATE INDEX moodle_enrolments_order_idx ON moodle_enrolments (order_id)");

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement sql = connection.createStatement()) {
            for (String statement : PORTABLE) {
                sql.execute(statement);
            }
        }
        if (!connection.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL")) {
            return;
        }
        String schema = trigramSchema(connection);
        if (schema == null) {
            log.warn("PostgreSQL's pg_trgm extension is not available to this database user: the console's order "
                    + "search by e-mail, name or reference reads the whole orders table (see docs/configuration.md, "
                    + "Large databases)");
            return;
        }
        try (Statement sql = connection.createStatement()) {
            String ops = quote(schema) + ".gin_trgm_ops";
            sql.execute("CREATE INDEX orders_payer_search_idx ON orders USING gin ((" + PAYER_SEARCH + ") " + ops + ")");
            sql.execute("CREATE INDEX orders_reference_search_idx ON orders USING gin ((LOWER(reference)) " + ops + ")");
        }
    }

    /** The schema pg_trgm lives in, creating it in public when allowed; null when it cannot be had. */
    private static String trigramSchema(Connection connection) throws SQLException {
        String schema = installedIn(connection);
        if (schema != null) {
            return schema;
        }
        Savepoint before = connection.setSavepoint();
        try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public");
            connection.releaseSavepoint(before);
        } catch (SQLException refused) {
            connection.rollback(before);
            log.info("pg_trgm could not be created: {}", refused.getMessage());
            return null;
        }
        return installedIn(connection);
    }

    private static String installedIn(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                        + " ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
