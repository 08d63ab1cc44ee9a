package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Issue 5, PostgreSQL only: every change of an order's status or {@code updated_at}, whoever makes it, is announced
 * with {@code NOTIFY passerelle_order_changed, '<order id>'} when its transaction commits, so that each instance
 * pushes it at once to the order pages it serves (see {@code checkout.LiveStatusListener}). Nothing on H2: there the
 * pages' status is read from the database every second, as it also is on PostgreSQL for safety.
 */
public class V5_5__order_change_notifications extends BaseJavaMigration {

    /** The trigger, also recreated by V8_1 (PostgreSQL cannot change the type of a column a trigger names). */
    static final String TRIGGER = """
            CREATE TRIGGER orders_changed_notify AFTER UPDATE ON orders FOR EACH ROW
            WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
            EXECUTE FUNCTION passerelle_order_changed()
            """;

    @Override
    public void migrate(Context context) throws Exception {
        if (!context.getConnection().getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL")) {
            return;
        }
        try (Statement sql = context.getConnection().createStatement()) {
            sql.execute("""
                    CREATE FUNCTION passerelle_order_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        PERFORM pg_notify('passerelle_order_changed', NEW.id);
                        RETURN NULL;
                    END $$
                    """);
            sql.execute(TRIGGER);
        }
    }
}
