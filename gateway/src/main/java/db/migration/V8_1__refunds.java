package db.migration;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Issue 8, refunds, cancellations and disputes: four more order statuses (PARTIALLY_REFUNDED is 18 characters long:
 * the column widens; PostgreSQL refuses that while V5_5's trigger names the column, so the trigger is set aside and
 * recreated around it) and the refund ledger. The same statements for H2 and PostgreSQL otherwise.
 */
public class V8_1__refunds extends BaseJavaMigration {

    private static final List<String> STATEMENTS = List.of("""
            ALTER TABLE orders DROP CONSTRAINT orders_status_check
            """, """
            ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('CREATED', 'PENDING', 'PAID',
                'FAILED', 'EXPIRED', 'CANCELLED', 'REFUNDING', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CONTESTED'))
            """, """
            CREATE INDEX orders_helloasso_order_idx ON orders (helloasso_order_id)
            """,
            // One row per refund of one HelloAsso payment, written (REQUESTED) before HelloAsso is called, so that a
            // refund whose answer was lost (UNCERTAIN) is settled by reading the payment back, never by calling
            // again. Refunds made in HelloAsso's back office are rows too (origin HELLOASSO): the sum of the rows
            // that count never exceeds what was paid.
            """
            CREATE TABLE refunds (
                id                    VARCHAR(36)   PRIMARY KEY,
                order_id              VARCHAR(36)   NOT NULL REFERENCES orders (id),
                payment_id            BIGINT        NOT NULL,
                amount                INTEGER       NOT NULL,
                status                VARCHAR(16)   NOT NULL,
                origin                VARCHAR(16)   NOT NULL,
                reason                VARCHAR(500),
                actor                 VARCHAR(100),
                helloasso_refund_id   BIGINT,
                message               VARCHAR(2000),
                created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
                updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT refunds_amount_check CHECK (amount > 0),
                CONSTRAINT refunds_status_check
                    CHECK (status IN ('REQUESTED', 'SUCCEEDED', 'UNCERTAIN', 'NEEDS_MFA', 'FAILED')),
                CONSTRAINT refunds_origin_check CHECK (origin IN ('PASSERELLE', 'HELLOASSO')),
                CONSTRAINT refunds_helloasso_id_unique UNIQUE (helloasso_refund_id)
            )
            """, """
            CREATE INDEX refunds_order_idx ON refunds (order_id, created_at)
            """, """
            CREATE INDEX refunds_status_idx ON refunds (status)
            """,
            // a refund event's webhook id names order, event and refund: msg_{uuid}_order.partially_refunded_{uuid}
            """
            ALTER TABLE webhook_deliveries ALTER COLUMN webhook_id SET DATA TYPE VARCHAR(200)
            """);

    @Override
    public void migrate(Context context) throws Exception {
        boolean postgres = context.getConnection().getMetaData().getDatabaseProductName()
                .equalsIgnoreCase("PostgreSQL");
        try (Statement sql = context.getConnection().createStatement()) {
            boolean trigger = postgres && hasOrdersTrigger(sql);
            if (trigger) {
                sql.execute("DROP TRIGGER orders_changed_notify ON orders");
            }
            sql.execute("ALTER TABLE orders ALTER COLUMN status SET DATA TYPE VARCHAR(24)");
            if (trigger) {
                sql.execute(V5_5__order_change_notifications.TRIGGER);
            }
            for (String statement : STATEMENTS) {
                sql.execute(statement);
            }
        }
    }

    private static boolean hasOrdersTrigger(Statement sql) throws Exception {
        try (ResultSet rs = sql.executeQuery("""
                SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE t.tgname = 'orders_changed_notify' AND c.relname = 'orders' AND c.relnamespace = current_schema()::regnamespace
                """)) {
            return rs.next();
        }
    }
}
