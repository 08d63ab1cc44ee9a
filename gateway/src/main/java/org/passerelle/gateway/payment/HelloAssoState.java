package org.passerelle.gateway.payment;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.passerelle.helloasso.model.Order;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.RefundOperation;

/**
 * What HelloAsso showed of an order, as a set of facts: the order ({@code o<id>}), its total ({@code t<cents>}) and
 * each payment with its state, amount, term and refund operations. The verifier records the facts of the last order
 * it read back and checked; a notification whose facts are all among them tells nothing new, so it costs no read.
 * Any fact not recorded (a new state, a refund, another payment, another amount) means HelloAsso is read again.
 */
public final class HelloAssoState {

    /** Longest recorded form; a longer one is not recorded (its order is then read back on every notification). */
    static final int MAX_LENGTH = 4000;

    private HelloAssoState() {
    }

    /** Every fact of an order read back from HelloAsso (or carried by an Order notification). */
    public static Set<String> of(Order order) {
        Set<String> facts = new TreeSet<>();
        facts.add("o" + order.id());
        facts.add("t" + (order.amount() == null ? "?" : order.amount().total()));
        order.payments().forEach(p -> facts.add(fact(p)));
        return facts;
    }

    /** What a Payment notification claims: its order and the payment as it now is. */
    public static Set<String> of(Payment payment) {
        Set<String> facts = new TreeSet<>();
        facts.add("o" + (payment.order() == null ? "?" : payment.order().id()));
        facts.add(fact(payment));
        return facts;
    }

    /** The HelloAsso order the facts name, or null. */
    public static Long orderId(Set<String> facts) {
        return facts.stream().filter(fact -> fact.matches("o\\d{1,18}")).findFirst()
                .map(fact -> Long.valueOf(fact.substring(1))).orElse(null);
    }

    static String format(Set<String> facts) {
        return String.join(" ", new TreeSet<>(facts));
    }

    static Set<String> parse(String recorded) {
        return recorded == null || recorded.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(recorded.split(" ")));
    }

    private static String fact(Payment p) {
        String refunds = p.refundOperations().stream().sorted(Comparator.comparingLong(RefundOperation::id))
                .map(r -> r.id() + "/" + r.status() + "/" + r.amount()).collect(Collectors.joining(","));
        return "p" + p.id() + ":" + p.state() + ":" + p.amount() + ":" + p.installmentNumber() + ":" + refunds;
    }
}
