package org.passerelle.gateway.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Orders in SQL. Every status change is a compare-and-set: the UPDATE names the statuses it may leave, and the number
 * of rows it changed says whether this caller made the transition.
 */
@Repository
public class OrderRepository {

    private static final Set<OrderStatus> CHECKOUT_STATUSES =
            EnumSet.of(OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.FAILED, OrderStatus.EXPIRED);

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    public OrderRepository(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Whether the status update changed the order; when it did, {@link OrderChanged} is published. */
    private boolean changed(String id, int rows) {
        if (rows == 1) {
            events.publishEvent(new OrderChanged(id));
        }
        return rows == 1;
    }

    public Order insert(NewOrder order, String accessTokenHash, OffsetDateTime now) {
        return insert(UUID.randomUUID().toString(), order, accessTokenHash, now);
    }

    public Order insert(String id, NewOrder order, String accessTokenHash, OffsetDateTime now) {
        Order.Payer payer = order.payer() == null ? Order.Payer.none() : order.payer();
        jdbc.sql("""
                INSERT INTO orders (id, status, offer_id, item_name, amount, initial_amount, contains_donation,
                    payer_first_name, payer_last_name, payer_email, payer_country, payer_birth_date,
                    reference, metadata, organization_slug, access_token_hash, created_at, updated_at,
                    api_key_id, return_url, auto_return, instalments,
                    search_email, search_name, search_name_reversed, search_reference)
                VALUES (:id, 'CREATED', :offerId, :itemName, :amount, :initialAmount, :donation,
                    :firstName, :lastName, :email, :country, :birthDate,
                    :reference, :metadata, :org, :tokenHash, :now, :now, :apiKey, :returnUrl, :autoReturn, :instalments,
                    :searchEmail, :searchName, :searchNameReversed, :searchReference)
                """)
                .param("id", id)
                .param("offerId", order.offerId())
                .param("itemName", order.itemName())
                .param("amount", order.amount())
                .param("initialAmount", order.initialAmount())
                .param("donation", order.containsDonation())
                .param("firstName", payer.firstName())
                .param("lastName", payer.lastName())
                .param("email", payer.email())
                .param("country", payer.country())
                .param("birthDate", payer.birthDate())
                .param("reference", order.reference())
                .param("metadata", order.metadata())
                .param("org", order.organizationSlug())
                .param("tokenHash", accessTokenHash)
                .param("now", now)
                .param("apiKey", order.apiKeyId())
                .param("returnUrl", order.returnUrl())
                .param("autoReturn", order.autoReturn())
                .param("instalments", order.instalments())
                .param("searchEmail", SearchText.of(payer.email()))
                .param("searchName", SearchText.of(payer.firstName(), payer.lastName()))
                .param("searchNameReversed", SearchText.of(payer.lastName(), payer.firstName()))
                .param("searchReference", SearchText.of(order.reference()))
                .update();
        return find(id).orElseThrow();
    }

    public Optional<Order> find(String id) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM orders WHERE id = :id").param("id", id).query(this::map).optional();
    }

    /** Reads the order and locks its row until the transaction ends: refunds of one order are decided one at a time. */
    public Optional<Order> findForUpdate(String id) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM orders WHERE id = :id FOR UPDATE").param("id", id).query(this::map).optional();
    }

    /** The order whose payment HelloAsso numbers {@code helloassoOrderId}, if it is one of ours. */
    public Optional<Order> findByHelloAssoOrderId(long helloassoOrderId) {
        return jdbc.sql("SELECT * FROM orders WHERE helloasso_order_id = :ha").param("ha", helloassoOrderId)
                .query(this::map).optional();
    }

    /**
     * A refund in flight did not happen and none did before: the order goes back to PAID, from the statuses of
     * {@code PAID.allowedFrom()} that come after a payment (REFUNDING), never from those before it (that is markPaid).
     */
    public boolean refundDidNotHappen(String id, OffsetDateTime now) {
        return changed(id, jdbc.sql(
                "UPDATE orders SET status = 'PAID', updated_at = :now WHERE id = :id AND status IN (:from)")
                .param("now", now).param("id", id)
                .param("from", names(OrderStatus.PAID.allowedFrom(), OrderStatus::hasBeenPaid)).update());
    }

    /** An API key's order by the host's reference. */
    public Optional<Order> findByReference(String apiKeyId, String reference) {
        return jdbc.sql("SELECT * FROM orders WHERE api_key_id = :key AND reference = :reference")
                .param("key", apiKeyId).param("reference", reference).query(this::map).optional();
    }

    /** What an API key may list: its own orders, newest first, optionally filtered. */
    public record Search(String apiKeyId, String reference, OrderStatus status, OffsetDateTime from, OffsetDateTime to) {
    }

    public List<Order> search(Search search, int offset, int limit) {
        return jdbc.sql("SELECT * FROM orders WHERE " + where(search) + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .params(params(search)).param("limit", limit).param("offset", offset).query(this::map).list();
    }

    /**
     * Up to {@code limit} orders after {@code cursor} (null: from the newest), newest first by creation time then id
     * (keyset paging: reads the key's index from the cursor on, whatever the number of orders before it; an order
     * created meanwhile is newer than any cursor, so a listing walked page by page sees each order once).
     */
    public List<Order> searchAfter(Search search, Order cursor, int limit) {
        // one range of the index on (api_key_id, created_at, id), read backwards from the cursor (the first page's
        // is the end of time): a row comparison PostgreSQL reads as the index's bound; created_at <= is H2's
        Map<String, Object> params = params(search);
        params.put("afterAt", cursor == null ? END_OF_TIME : cursor.createdAt());
        params.put("afterId", cursor == null ? "" : cursor.id());
        return jdbc.sql("SELECT * FROM orders WHERE " + where(search) + " AND created_at <= :afterAt"
                        + " AND (api_key_id, created_at, id) < (:key, :afterAt, :afterId)"
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .params(params).param("limit", limit).query(this::map).list();
    }

    private static final OffsetDateTime END_OF_TIME = OffsetDateTime.parse("9999-12-31T00:00:00Z");

    /**
     * Fills the search columns of orders stored without them (by an instance of the previous release while a rolling
     * upgrade ran migration V26_2): a filled order's {@code search_name} is never null (an empty name is ''), so
     * the index on it finds the others. Returns how many were filled; the daily retention task runs it.
     */
    public int fillMissingSearchColumns() {
        return jdbc.sql("UPDATE orders SET " + db.migration.V26_2__search_columns_and_counts.SEARCH_COLUMNS
                + " WHERE search_name IS NULL").update();
    }

    /** How many orders the search matches, counting no further than {@code upTo} (a bounded read of the index). */
    public long count(Search search, long upTo) {
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE " + where(search) + " LIMIT :upTo) matched")
                .params(params(search)).param("upTo", upTo).query(Long.class).single();
    }

    /** Only fixed fragments: every value is a bound parameter. */
    private static String where(Search search) {
        StringBuilder where = new StringBuilder("api_key_id = :key");
        if (search.reference() != null) {
            where.append(" AND reference = :reference");
        }
        if (search.status() != null) {
            where.append(" AND status = :status");
        }
        if (search.from() != null) {
            where.append(" AND created_at >= :from");
        }
        if (search.to() != null) {
            where.append(" AND created_at < :to");
        }
        return where.toString();
    }

    private static Map<String, Object> params(Search search) {
        Map<String, Object> params = new HashMap<>();
        params.put("key", search.apiKeyId());
        params.put("reference", search.reference());
        params.put("status", search.status() == null ? null : search.status().name());
        params.put("from", search.from());
        params.put("to", search.to());
        return params;
    }

    /**
     * Moves the order to {@code target} if its current status allows it; true when this call made the change. Not for
     * the statuses a checkout or a refund gone wrong sets (PENDING, PAID, FAILED, EXPIRED): those carry a checkout
     * intent or a cause, and have their own methods.
     */
    public boolean transition(String id, OrderStatus target, OffsetDateTime now) {
        if (CHECKOUT_STATUSES.contains(target)) {
            throw new IllegalArgumentException(target + " is set by its own method, not by transition()");
        }
        if (target.allowedFrom().isEmpty()) {
            return false;
        }
        return changed(id, jdbc.sql(
                "UPDATE orders SET status = :target, updated_at = :now WHERE id = :id AND status IN (:from)")
                .param("target", target.name())
                .param("now", now)
                .param("id", id)
                .param("from", names(target.allowedFrom()))
                .update());
    }

    /** A checkout intent was created for the order: it becomes (or stays) PENDING with this intent as the current one. */
    public boolean markPending(String id, long checkoutIntentId, OffsetDateTime now) {
        return changed(id, jdbc.sql("""
                UPDATE orders SET status = 'PENDING', checkout_intent_id = :intent, awaiting_bank_since = NULL,
                    updated_at = :now
                WHERE id = :id AND status IN (:from)
                """)
                .param("intent", checkoutIntentId)
                .param("now", now)
                .param("id", id)
                .param("from", names(OrderStatus.PENDING.allowedFrom()))
                .update());
    }

    /** The compare-and-set that decides who fulfils: exactly one caller ever gets true for an order. */
    public boolean markPaid(String id, long checkoutIntentId, long helloassoOrderId, Long helloassoPaymentId,
            String receiptUrl, OffsetDateTime now) {
        return changed(id, jdbc.sql("""
                UPDATE orders SET status = 'PAID', checkout_intent_id = :intent, helloasso_order_id = :haOrder,
                    helloasso_payment_id = :haPayment, receipt_url = :receipt, paid_at = :now, updated_at = :now,
                    awaiting_bank_since = NULL
                WHERE id = :id AND status IN (:from)
                """)
                .param("intent", checkoutIntentId)
                .param("haOrder", helloassoOrderId)
                .param("haPayment", helloassoPaymentId)
                .param("receipt", receiptUrl)
                .param("now", now)
                .param("id", id)
                .param("from", names(OrderStatus.PAID.allowedFrom(), OrderStatus::isPayable))
                .update());
    }

    /** A refusal only fails the order while that intent is still its current one (a newer checkout wins). */
    public boolean markFailed(String id, long checkoutIntentId, OffsetDateTime now) {
        return changed(id, jdbc.sql("""
                UPDATE orders SET status = 'FAILED', awaiting_bank_since = NULL, updated_at = :now
                WHERE id = :id AND checkout_intent_id = :intent AND status IN (:from)
                """)
                .param("now", now)
                .param("id", id)
                .param("intent", checkoutIntentId)
                .param("from", names(OrderStatus.FAILED.allowedFrom()))
                .update());
    }

    /** An abandoned checkout: only while that intent is still the order's current one (a newer checkout wins). */
    public boolean markExpired(String id, long checkoutIntentId, OffsetDateTime now) {
        return changed(id, jdbc.sql("""
                UPDATE orders SET status = 'EXPIRED', awaiting_bank_since = NULL, updated_at = :now
                WHERE id = :id AND checkout_intent_id = :intent AND status IN (:from)
                """)
                .param("now", now)
                .param("id", id)
                .param("intent", checkoutIntentId)
                .param("from", names(OrderStatus.EXPIRED.allowedFrom()))
                .update());
    }

    /**
     * HelloAsso shows this intent's payment waiting for the payer's bank: recorded once, while the intent is the
     * order's current one and the order still waits for an outcome, i.e. may still become PAID or FAILED.
     */
    public boolean markAwaitingBank(String id, long checkoutIntentId, OffsetDateTime now) {
        return changed(id, jdbc.sql("""
                UPDATE orders SET awaiting_bank_since = :now, updated_at = :now
                WHERE id = :id AND checkout_intent_id = :intent AND awaiting_bank_since IS NULL AND status IN (:from)
                """)
                .param("now", now)
                .param("id", id)
                .param("intent", checkoutIntentId)
                .param("from", names(OrderStatus.PAID.allowedFrom(), OrderStatus.FAILED.allowedFrom()::contains))
                .update());
    }

    private static List<String> names(Collection<OrderStatus> statuses) {
        return statuses.stream().map(Enum::name).toList();
    }

    private static List<String> names(Collection<OrderStatus> statuses, Predicate<OrderStatus> which) {
        return statuses.stream().filter(which).map(Enum::name).toList();
    }

    /** Maps a full {@code orders} row (also for the admin console's listings). */
    public Order map(ResultSet rs, int row) throws SQLException {
        return new Order(
                rs.getString("id"),
                OrderStatus.valueOf(rs.getString("status")),
                rs.getString("offer_id"),
                rs.getString("item_name"),
                rs.getInt("amount"),
                rs.getInt("initial_amount"),
                rs.getBoolean("contains_donation"),
                new Order.Payer(rs.getString("payer_first_name"), rs.getString("payer_last_name"),
                        rs.getString("payer_email"), rs.getString("payer_country"),
                        rs.getObject("payer_birth_date", LocalDate.class)),
                rs.getString("reference"),
                rs.getString("metadata"),
                rs.getString("organization_slug"),
                rs.getString("access_token_hash"),
                nullableLong(rs, "checkout_intent_id"),
                nullableLong(rs, "helloasso_order_id"),
                nullableLong(rs, "helloasso_payment_id"),
                rs.getString("receipt_url"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class),
                rs.getObject("paid_at", OffsetDateTime.class),
                rs.getString("api_key_id"),
                rs.getString("return_url"),
                rs.getBoolean("auto_return"),
                rs.getInt("instalments"),
                rs.getObject("awaiting_bank_since", OffsetDateTime.class));
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
