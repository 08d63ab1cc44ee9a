package org.passerelle.gateway.refund;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The refunds in SQL. A refund is reserved under the order's row lock, after checking that what was refunded (or may
 * have been) plus this one stays within what was paid: two refunds racing on the last euros cannot both pass.
 * Status changes are compare-and-sets on the statuses they may leave.
 */
@Repository
public class RefundLedger {

    private static final List<String> COUNTING = List.of("REQUESTED", "SUCCEEDED", "UNCERTAIN");

    private final JdbcClient jdbc;

    public RefundLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the order's row until the transaction ends; false when there is no such order. */
    public boolean lockOrder(String orderId) {
        requireTransaction();
        return !jdbc.sql("SELECT id FROM orders WHERE id = :id FOR UPDATE").param("id", orderId)
                .query(String.class).list().isEmpty();
    }

    /**
     * Records a REQUESTED refund of {@code amount} cents of HelloAsso payment {@code paymentId}, if the refunds that
     * count on this payment stay within {@code paymentAmount} and those on the order within {@code orderAmount}.
     *
     * @throws RefundException {@code too-much} with the amount still refundable, when they would not
     */
    public Refund reserve(String orderId, long paymentId, int amount, int paymentAmount, int orderAmount,
            String reason, String actor, OffsetDateTime now) {
        if (amount <= 0) {
            throw new RefundException("amount", "The amount to refund must be positive");
        }
        if (!lockOrder(orderId)) {
            throw new RefundException("not-found", "No such order");
        }
        int left = Math.min(paymentAmount - committedOnPayment(orderId, paymentId), orderAmount - committed(orderId));
        if (amount > left) {
            throw new RefundException("too-much", "Only " + Math.max(left, 0) + " cents can still be refunded",
                    Math.max(left, 0));
        }
        String id = UUID.randomUUID().toString();
        jdbc.sql("""
                INSERT INTO refunds (id, order_id, payment_id, amount, status, origin, reason, actor, created_at, updated_at)
                VALUES (:id, :order, :payment, :amount, 'REQUESTED', 'PASSERELLE', :reason, :actor, :now, :now)
                """)
                .param("id", id).param("order", orderId).param("payment", paymentId).param("amount", amount)
                .param("reason", bound(reason, 500)).param("actor", bound(actor, 100)).param("now", now)
                .update();
        return find(id).orElseThrow();
    }

    /** A refund made in HelloAsso's back office, seen afterwards; false when it is known already. */
    public boolean recordObserved(String orderId, long paymentId, int amount, long helloassoRefundId,
            OffsetDateTime now) {
        if (byHelloAssoId(helloassoRefundId).isPresent()) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO refunds (id, order_id, payment_id, amount, status, origin, helloasso_refund_id, message,
                    created_at, updated_at)
                VALUES (:id, :order, :payment, :amount, 'SUCCEEDED', 'HELLOASSO', :ha, :message, :now, :now)
                """)
                .param("id", UUID.randomUUID().toString()).param("order", orderId).param("payment", paymentId)
                .param("amount", amount).param("ha", helloassoRefundId)
                .param("message", "Made in HelloAsso's back office").param("now", now)
                .update();
        return true;
    }

    /** Cents refunded, being refunded or possibly refunded on the order. */
    public int committed(String orderId) {
        return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE order_id = :order AND status IN (:counting)")
                .param("order", orderId).param("counting", COUNTING).query(Integer.class).single();
    }

    public int committedOnPayment(String orderId, long paymentId) {
        return jdbc.sql("""
                SELECT COALESCE(SUM(amount), 0) FROM refunds
                WHERE order_id = :order AND payment_id = :payment AND status IN (:counting)
                """)
                .param("order", orderId).param("payment", paymentId).param("counting", COUNTING)
                .query(Integer.class).single();
    }

    /** HelloAsso recorded the refund as operation {@code helloassoRefundId}, of {@code amount} cents. */
    public boolean succeeded(String id, long helloassoRefundId, int amount, String message, OffsetDateTime now) {
        return jdbc.sql("""
                UPDATE refunds SET status = 'SUCCEEDED', helloasso_refund_id = :ha, amount = :amount, message = :message,
                    updated_at = :now
                WHERE id = :id AND status IN (:from)
                """)
                .param("from", names(RefundStatus.SUCCEEDED.allowedFrom()))
                .param("ha", helloassoRefundId).param("amount", amount).param("message", bound(message, 2000))
                .param("now", now).param("id", id).update() == 1;
    }

    public boolean uncertain(String id, String message, OffsetDateTime now) {
        return jdbc.sql("""
                UPDATE refunds SET status = 'UNCERTAIN', message = :message, updated_at = :now
                WHERE id = :id AND status IN (:from)
                """)
                .param("from", names(RefundStatus.UNCERTAIN.allowedFrom()))
                .param("message", bound(message, 2000)).param("now", now).param("id", id).update() == 1;
    }

    /** FAILED or NEEDS_MFA: nothing was refunded. */
    public boolean notMade(String id, RefundStatus status, String message, OffsetDateTime now) {
        if (status != RefundStatus.FAILED && status != RefundStatus.NEEDS_MFA) {
            throw new IllegalArgumentException(status.name());
        }
        return jdbc.sql("""
                UPDATE refunds SET status = :status, message = :message, updated_at = :now
                WHERE id = :id AND status IN (:from)
                """)
                .param("from", names(status.allowedFrom()))
                .param("status", status.name()).param("message", bound(message, 2000)).param("now", now)
                .param("id", id).update() == 1;
    }

    public Optional<Refund> find(String id) {
        return jdbc.sql("SELECT * FROM refunds WHERE id = :id").param("id", id).query(this::map).optional();
    }

    public Optional<Refund> byHelloAssoId(long helloassoRefundId) {
        return jdbc.sql("SELECT * FROM refunds WHERE helloasso_refund_id = :ha").param("ha", helloassoRefundId)
                .query(this::map).optional();
    }

    /** Oldest first. */
    public List<Refund> forOrder(String orderId) {
        return jdbc.sql("SELECT * FROM refunds WHERE order_id = :order ORDER BY created_at, id")
                .param("order", orderId).query(this::map).list();
    }

    /** Orders with a refund whose outcome is not known, oldest refund first. */
    public List<String> ordersWithUncertainRefunds(int limit) {
        return jdbc.sql("""
                SELECT order_id FROM refunds WHERE status = 'UNCERTAIN'
                GROUP BY order_id ORDER BY MIN(created_at) LIMIT :limit
                """)
                .param("limit", limit).query(String.class).list();
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A row lock only holds inside a transaction");
        }
    }

    private static List<String> names(Set<RefundStatus> statuses) {
        return statuses.stream().map(Enum::name).toList();
    }

    private static String bound(String text, int max) {
        return text != null && text.length() > max ? text.substring(0, max) : text;
    }

    private Refund map(ResultSet rs, int row) throws SQLException {
        long ha = rs.getLong("helloasso_refund_id");
        Long helloassoRefundId = rs.wasNull() ? null : ha;
        return new Refund(rs.getString("id"), rs.getString("order_id"), rs.getLong("payment_id"), rs.getInt("amount"),
                RefundStatus.valueOf(rs.getString("status")), rs.getString("origin"), rs.getString("reason"),
                rs.getString("actor"), helloassoRefundId, rs.getString("message"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
