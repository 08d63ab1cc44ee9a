package org.passerelle.gateway.order;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What an order has collected and still expects. Paid in instalments, each term with its date and status (a term not
 * seen at HelloAsso yet is PLANNED); paid at once, no terms. What the payer's page, the console and the API show, and
 * what a refund may take back ({@link #collected}, never the whole amount of terms not paid yet).
 */
public record PaymentSchedule(List<Term> terms, int collected, int remaining) {

    public enum TermStatus { PLANNED, SCHEDULED, PAID, FAILED, CANCELLED }

    public record Term(int number, int amount, LocalDate dueDate, TermStatus status) {
    }

    public boolean inInstalments() {
        return !terms.isEmpty();
    }

    static PaymentSchedule of(Order order, List<OrderTerms.Term> seen) {
        int expected = order.status().isPayable() ? order.amount() : 0;
        if (order.instalments() <= 1) {
            return new PaymentSchedule(List.of(), order.status().hasBeenPaid() ? order.amount() : 0, expected);
        }
        List<Integer> amounts = Instalments.split(order.amount(), order.instalments());
        List<Term> terms = new ArrayList<>();
        int collected = 0;
        int remaining = 0;
        for (int number = 1; number <= order.instalments(); number++) {
            int n = number;
            Term term = seen.stream().filter(t -> t.number() == n).findFirst()
                    .map(t -> new Term(t.number(), t.amount(), t.dueDate(), TermStatus.valueOf(t.status().name())))
                    .orElse(new Term(number, amounts.get(number - 1), null, TermStatus.PLANNED));
            terms.add(term);
            switch (term.status()) {
                case PAID -> collected += term.amount();
                case CANCELLED -> { }
                default -> remaining += term.amount();
            }
        }
        // before the first term is taken, what "remains" is the whole order while the payer can still pay
        return new PaymentSchedule(List.copyOf(terms), collected, order.status().hasBeenPaid() ? remaining : expected);
    }
}
