package org.passerelle.gateway.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.order.OrderTerms.Status;
import org.passerelle.gateway.order.PaymentSchedule.TermStatus;

class PaymentScheduleTest {

    private static Order order(OrderStatus status, int amount, int instalments) {
        return new Order("o-1", status, null, "Saison", amount, Instalments.split(amount, instalments).getFirst(), false,
                Order.Payer.none(), "r-1", null, "org", "hash", 1L, null, null, null, null, null, null, null, null,
                false, instalments, null);
    }

    private static OrderTerms.Term term(int number, int amount, Status status) {
        return new OrderTerms.Term(number, amount, LocalDate.of(2026, 12, 3).plusMonths(number - 1), status, null);
    }

    @Test
    void aSinglePaymentHasNoTermsAndCollectsTheAmountOncePaid() {
        assertThat(PaymentSchedule.of(order(OrderStatus.PENDING, 4000, 1), List.of()))
                .isEqualTo(new PaymentSchedule(List.of(), 0, 4000));
        assertThat(PaymentSchedule.of(order(OrderStatus.PAID, 4000, 1), List.of()))
                .isEqualTo(new PaymentSchedule(List.of(), 4000, 0));
        assertThat(PaymentSchedule.of(order(OrderStatus.CANCELLED, 4000, 1), List.of()).remaining()).isZero();
    }

    @Test
    void beforeTheFirstTermEveryTermIsPlanned() {
        PaymentSchedule schedule = PaymentSchedule.of(order(OrderStatus.PENDING, 10000, 3), List.of());
        assertThat(schedule.terms()).extracting(PaymentSchedule.Term::amount).containsExactly(3334, 3333, 3333);
        assertThat(schedule.terms()).extracting(PaymentSchedule.Term::status).containsOnly(TermStatus.PLANNED);
        assertThat(schedule.collected()).isZero();
        assertThat(schedule.remaining()).isEqualTo(10000);
    }

    @Test
    void afterTheFirstTermWhatWasCollectedIsThatTermOnly() {
        PaymentSchedule schedule = PaymentSchedule.of(order(OrderStatus.PAID, 30000, 3), List.of(
                term(1, 10000, Status.PAID), term(2, 10000, Status.SCHEDULED), term(3, 10000, Status.SCHEDULED)));
        assertThat(schedule.collected()).isEqualTo(10000);
        assertThat(schedule.remaining()).isEqualTo(20000);
        assertThat(schedule.terms()).extracting(PaymentSchedule.Term::status)
                .containsExactly(TermStatus.PAID, TermStatus.SCHEDULED, TermStatus.SCHEDULED);
    }

    @Test
    void aRefusedTermIsStillDueAndACancelledOneIsNot() {
        PaymentSchedule schedule = PaymentSchedule.of(order(OrderStatus.PAID, 30000, 3), List.of(
                term(1, 10000, Status.PAID), term(2, 10000, Status.FAILED), term(3, 10000, Status.CANCELLED)));
        assertThat(schedule.collected()).isEqualTo(10000);
        assertThat(schedule.remaining()).isEqualTo(10000);
    }
}
