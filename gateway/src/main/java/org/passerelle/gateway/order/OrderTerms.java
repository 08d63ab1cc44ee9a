package org.passerelle.gateway.order;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The terms of an order paid in instalments, as last seen at HelloAsso. */
@Repository
public class OrderTerms {

    /** Where one term stands; {@link #allowedFrom()} is the machine {@link #transition} follows. */
    public enum Status {
        SCHEDULED, PAID, FAILED, CANCELLED;

        /** Statuses from which a term may move to this one: a refused term can still be paid later (a new card). */
        public Set<Status> allowedFrom() {
            return switch (this) {
                case SCHEDULED -> EnumSet.noneOf(Status.class);
                case PAID -> EnumSet.of(SCHEDULED, FAILED);
                case FAILED, CANCELLED -> EnumSet.of(SCHEDULED);
            };
        }
    }

    public record Term(int number, int amount, LocalDate dueDate, Status status, Long helloassoPaymentId) {
    }

    private final JdbcClient jdbc;

    public OrderTerms(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What {@code order} has collected and still expects, term by term; {@code ${@orderTerms.scheduleOf(order)}}. */
    public PaymentSchedule scheduleOf(Order order) {
        return PaymentSchedule.of(order, order.instalments() <= 1 ? List.of() : forOrder(order.id()));
    }

    public List<Term> forOrder(String orderId) {
        return jdbc.sql("SELECT * FROM order_terms WHERE order_id = :order ORDER BY term_number")
                .param("order", orderId)
                .query((rs, row) -> new Term(rs.getInt("term_number"), rs.getInt("amount"),
                        rs.getObject("due_date", LocalDate.class), Status.valueOf(rs.getString("status")),
                        OrderRepository.nullableLong(rs, "helloasso_payment_id")))
                .list();
    }

    /** Records a term the first time it is seen; true when this call inserted it. */
    public boolean insertIfAbsent(String orderId, Term term, OffsetDateTime now) {
        return jdbc.sql("""
                INSERT INTO order_terms (order_id, term_number, amount, due_date, status, helloasso_payment_id, updated_at)
                SELECT :order, :number, :amount, :due, :status, :payment, :now
                WHERE NOT EXISTS (SELECT 1 FROM order_terms WHERE order_id = :order AND term_number = :number)
                """)
                .param("order", orderId).param("number", term.number()).param("amount", term.amount())
                .param("due", term.dueDate()).param("status", term.status().name())
                .param("payment", term.helloassoPaymentId()).param("now", now)
                .update() == 1;
    }

    /** Compare-and-set: true only for the caller that moved the term from {@code from} to {@code to}. */
    public boolean transition(String orderId, int number, Status from, Status to, OffsetDateTime now) {
        if (!to.allowedFrom().contains(from)) {
            throw new IllegalArgumentException(from + " -> " + to + " is not a term transition");
        }
        return jdbc.sql("""
                UPDATE order_terms SET status = :to, updated_at = :now
                WHERE order_id = :order AND term_number = :number AND status = :from
                """)
                .param("to", to.name()).param("now", now).param("order", orderId).param("number", number)
                .param("from", from.name())
                .update() == 1;
    }
}
