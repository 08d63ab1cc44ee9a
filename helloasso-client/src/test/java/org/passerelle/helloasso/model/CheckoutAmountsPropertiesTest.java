package org.passerelle.helloasso.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.passerelle.helloasso.GeneratedCases.between;
import static org.passerelle.helloasso.GeneratedCases.edge;
import static org.passerelle.helloasso.GeneratedCases.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.helloasso.GeneratedCases;
import org.passerelle.helloasso.InvalidRequestException;

/** Amounts and instalments: whatever the split, the cents add up exactly and a wrong sum never gets through. */
@ExtendWith(GeneratedCases.NameTheCase.class)
class CheckoutAmountsPropertiesTest {
    private static final int MAX = Integer.MAX_VALUE;

    private static CheckoutIntentRequest.Builder base() {
        return CheckoutIntentRequest.builder().itemName("Adhésion")
                .backUrl("https://a.example/b").errorUrl("https://a.example/e").returnUrl("https://a.example/r");
    }

    private static List<LocalDate> monthly(int count) {
        return IntStream.range(0, count).mapToObj(i -> LocalDate.of(2026, 4, 1).plusMonths(i)).toList();
    }

    /** Up to 12 term amounts of 1 cent to 100 000 €. */
    private static List<Integer> termAmounts(Random random) {
        return IntStream.range(0, between(random, 0, 12)).mapToObj(i -> between(random, 1, 10_000_000)).toList();
    }

    private static List<Integer> cents(int count, int each) {
        return Collections.nCopies(count, each);
    }

    static Stream<Arguments> totalsAndTermCounts() {
        return Stream.concat(Stream.of(
                        edge("1 cent, single payment", 1, 0),
                        edge("1 cent cannot make 2 payments", 1, 1),
                        edge("2 cents in 2 payments", 2, 1),
                        edge("0 cents rejected", 0, 0),
                        edge("negative total rejected", Integer.MIN_VALUE, 0),
                        edge("2 terms, even split", 99, 2),
                        edge("2 terms, 1 extra cent", 100, 2),
                        edge("2 terms, 2 extra cents", 101, 2),
                        edge("12 terms, one cent each", 13, 12),
                        edge("12 terms, one cent short", 12, 12),
                        edge("12 terms, 12 extra cents", 13 * 1000 + 12, 12),
                        edge("24 terms, one cent each", 25, 24),
                        edge("largest int, single payment", MAX, 0),
                        edge("largest int in 2 terms", MAX, 2),
                        edge("largest int in 12 terms", MAX, 12),
                        edge("largest int in 24 terms", MAX, 24)),
                // Half the totals are tiny, so that "fewer cents than payments" comes up often.
                generate(2_601, random -> new Object[] {
                        random.nextBoolean() ? between(random, 1, 30) : between(random, 1, 100_000_000),
                        between(random, 0, 24)}));
    }

    @ParameterizedTest
    @MethodSource("totalsAndTermCounts")
    void instalmentsSplitTheTotalWithoutLosingOrInventingACent(int totalCents, int terms) {
        if (totalCents < terms + 1) {
            assertThatThrownBy(() -> base().instalments(totalCents, monthly(terms)))
                    .isInstanceOf(InvalidRequestException.class);
            return;
        }
        CheckoutIntentRequest request = base().instalments(totalCents, monthly(terms)).build();

        List<Integer> parts = new ArrayList<>();
        parts.add(request.initialAmount());
        request.terms().forEach(term -> parts.add(term.amount()));
        assertThat(parts.stream().mapToLong(Integer::longValue).sum()).isEqualTo(totalCents);
        assertThat(request.totalAmount()).isEqualTo(totalCents);
        assertThat(parts).allSatisfy(part -> assertThat(part).isPositive());
        assertThat(parts.stream().mapToInt(Integer::intValue).max().orElseThrow()
                - parts.stream().mapToInt(Integer::intValue).min().orElseThrow()).isLessThanOrEqualTo(1);
        assertThat(request.terms()).extracting(CheckoutTerm::date).containsExactlyElementsOf(monthly(terms));
        request.validate(true);
    }

    static Stream<Arguments> claimedTotals() {
        return Stream.concat(Stream.of(
                        edge("1 cent, exact", 1, List.of(), 0),
                        edge("1 cent, claimed 1 more", 1, List.of(), 1),
                        edge("1 cent, claimed 1 less", 1, List.of(), -1),
                        edge("12 one-cent terms, exact", 1, cents(12, 1), 0),
                        edge("12 one-cent terms, claimed 1 less", 1, cents(12, 1), -1),
                        edge("sum is exactly the largest int", MAX - 12, cents(12, 1), 0),
                        edge("sum is the largest int, claimed 1 less", MAX - 12, cents(12, 1), -1),
                        edge("sum overflows an int by 1", MAX, List.of(1), 0),
                        edge("sum overflows an int many times", MAX, cents(12, MAX), 0)),
                generate(2_602, random -> new Object[] {
                        between(random, 1, 10_000_000), termAmounts(random), between(random, -3, 3)}));
    }

    @ParameterizedTest
    @MethodSource("claimedTotals")
    void aRequestValidatesExactlyWhenTheTermsAddUpToTheTotal(int initial, List<Integer> termAmounts, int error) {
        List<LocalDate> dates = monthly(termAmounts.size());
        List<CheckoutTerm> terms = IntStream.range(0, termAmounts.size())
                .mapToObj(i -> new CheckoutTerm(termAmounts.get(i), dates.get(i))).toList();
        long exactTotal = initial + termAmounts.stream().mapToLong(Integer::longValue).sum();
        long claimedTotal = exactTotal + error;
        CheckoutIntentRequest request = base().initialAmount(initial).terms(terms)
                .totalAmount((int) Math.min(Integer.MAX_VALUE, claimedTotal)).build();

        if (error == 0 && exactTotal <= Integer.MAX_VALUE) {
            request.validate(false);
        } else {
            assertThatThrownBy(() -> request.validate(false))
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("totalAmount"));
        }
    }

    static Stream<Arguments> initialAndTerms() {
        return Stream.concat(Stream.of(
                        edge("1 cent, no terms", 1, List.of()),
                        edge("12 one-cent terms", 1, cents(12, 1)),
                        edge("sum is exactly the largest int", MAX - 12, cents(12, 1)),
                        edge("sum overflows an int by 1", MAX, List.of(1)),
                        edge("sum overflows an int many times", MAX, cents(12, MAX))),
                generate(2_603, random -> new Object[] {between(random, 1, 10_000_000), termAmounts(random)}));
    }

    @ParameterizedTest
    @MethodSource("initialAndTerms")
    void theDefaultTotalIsTheExactSum(int initial, List<Integer> termAmounts) {
        List<LocalDate> dates = monthly(termAmounts.size());
        List<CheckoutTerm> terms = IntStream.range(0, termAmounts.size())
                .mapToObj(i -> new CheckoutTerm(termAmounts.get(i), dates.get(i))).toList();
        long exactSum = initial + termAmounts.stream().mapToLong(Integer::longValue).sum();

        CheckoutIntentRequest request = base().initialAmount(initial).terms(terms).build();

        if (exactSum <= Integer.MAX_VALUE) {
            assertThat((long) request.totalAmount()).isEqualTo(exactSum);
            request.validate(false);
        } else {
            // A sum too large for HelloAsso must fail validation, never wrap around to a wrong total.
            assertThatThrownBy(() -> request.validate(false))
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("totalAmount"));
        }
    }

    static Stream<Arguments> nonPositiveCents() {
        return Stream.concat(Stream.of(
                        edge("0 cents", 0), edge("-1 cent", -1), edge("-10 000 €", -1_000_000),
                        edge("smallest int", Integer.MIN_VALUE)),
                generate(2_604, random -> new Object[] {between(random, -1_000_000, 0)}));
    }

    @ParameterizedTest
    @MethodSource("nonPositiveCents")
    void nonPositiveAmountsAreRejectedWithTheirField(int cents) {
        assertThatThrownBy(() -> base().amount(cents).build().validate(false))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("totalAmount");
        assertThatThrownBy(() -> base().initialAmount(500)
                .terms(new CheckoutTerm(cents, LocalDate.of(2026, 5, 1))).totalAmount(500).build()
                .validate(false))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("terms[0].amount"));
    }
}
