package org.passerelle.gateway.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every HelloAsso checkout intent created for an order, with its redirect and when that redirect expires. */
@Repository
public class CheckoutIntentRepository {

    public record StoredIntent(long intentId, String orderId, String organizationSlug, String redirectUrl, int amount,
            OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime returnedAt) {
    }

    private final JdbcClient jdbc;

    public CheckoutIntentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(StoredIntent intent) {
        jdbc.sql("""
                INSERT INTO checkout_intents (intent_id, order_id, organization_slug, redirect_url, amount, created_at, expires_at)
                VALUES (:intent, :order, :org, :url, :amount, :created, :expires)
                """)
                .param("intent", intent.intentId()).param("order", intent.orderId())
                .param("org", intent.organizationSlug()).param("url", intent.redirectUrl())
                .param("amount", intent.amount()).param("created", intent.createdAt())
                .param("expires", intent.expiresAt())
                .update();
    }

    /** The intent, only if it was created for this order. */
    public Optional<StoredIntent> find(String orderId, long intentId) {
        return jdbc.sql("SELECT * FROM checkout_intents WHERE intent_id = :intent AND order_id = :order")
                .param("intent", intentId).param("order", orderId).query(this::map).optional();
    }

    /** The intent whatever its order (notifications and reconciliation find the order from the intent). */
    public Optional<StoredIntent> find(long intentId) {
        return jdbc.sql("SELECT * FROM checkout_intents WHERE intent_id = :intent")
                .param("intent", intentId).query(this::map).optional();
    }

    public List<StoredIntent> forOrder(String orderId) {
        return jdbc.sql("SELECT * FROM checkout_intents WHERE order_id = :order ORDER BY created_at, intent_id")
                .param("order", orderId).query(this::map).list();
    }

    /** Records the first return through this intent; false when it had already been used (a replay). */
    public boolean markReturned(long intentId, OffsetDateTime now) {
        return jdbc.sql("UPDATE checkout_intents SET returned_at = :now WHERE intent_id = :intent AND returned_at IS NULL")
                .param("now", now).param("intent", intentId).update() == 1;
    }

    /** What HelloAsso showed of the paid order when it was last read back and checked (null: nothing recorded). */
    public String verifiedState(long intentId) {
        List<String> found = jdbc.sql("SELECT verified_state FROM checkout_intents WHERE intent_id = :intent")
                .param("intent", intentId).query((rs, row) -> rs.getString(1)).list();
        return found.isEmpty() ? null : found.getFirst();
    }

    public void recordVerifiedState(long intentId, String state) {
        jdbc.sql("UPDATE checkout_intents SET verified_state = :state WHERE intent_id = :intent")
                .param("state", state).param("intent", intentId).update();
    }

    /**
     * The HelloAsso order read back with this intent's payment waiting for the payer's bank: HelloAsso shows it on the
     * intent only once authorized, so the verifier reads that order itself (null: none seen).
     */
    public Long awaitingBankOrderId(long intentId) {
        List<Long> found = jdbc.sql("SELECT awaiting_bank_order_id FROM checkout_intents WHERE intent_id = :intent")
                .param("intent", intentId).query((rs, row) -> OrderRepository.nullableLong(rs, "awaiting_bank_order_id"))
                .list();
        return found.isEmpty() ? null : found.getFirst();
    }

    public void recordAwaitingBankOrderId(long intentId, long helloassoOrderId) {
        jdbc.sql("UPDATE checkout_intents SET awaiting_bank_order_id = :order WHERE intent_id = :intent")
                .param("order", helloassoOrderId).param("intent", intentId).update();
    }

    private StoredIntent map(ResultSet rs, int row) throws SQLException {
        return new StoredIntent(rs.getLong("intent_id"), rs.getString("order_id"), rs.getString("organization_slug"),
                rs.getString("redirect_url"), rs.getInt("amount"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("expires_at", OffsetDateTime.class),
                rs.getObject("returned_at", OffsetDateTime.class));
    }
}
