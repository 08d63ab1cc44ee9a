package org.passerelle.gateway.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.passerelle.gateway.order.AccessTokens;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The refund ledger on each database: the V8_1 statuses fit the orders table, and whatever the concurrency the
 * refunds that count never exceed what was paid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RefundLedgerContract {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 28, 5, 0, 0, 0, ZoneOffset.UTC);

    private HikariDataSource dataSource;
    JdbcClient jdbc;
    OrderRepository orders;
    RefundLedger ledger;
    TransactionTemplate transaction;

    abstract HikariDataSource createDatabase();

    abstract void dropDatabase(HikariDataSource dataSource);

    void open() {
        if (jdbc == null) {
            dataSource = createDatabase();
            jdbc = JdbcClient.create(dataSource);
            orders = new OrderRepository(jdbc, event -> { });
            ledger = new RefundLedger(jdbc);
            transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        }
    }

    @AfterAll
    void close() {
        if (dataSource != null) {
            dropDatabase(dataSource);
            dataSource.close();
        }
    }

    /** A PAID order of {@code amount} cents, as the verifier leaves it. */
    Order paidOrder(int amount) {
        open();
        Order order = orders.insert(new NewOrder("offer", "Stage d'été", amount, false,
                new Order.Payer("Marie", "Curie", "marie@example.org", "FRA", LocalDate.of(1990, 1, 2)),
                null, null, "passerelle-demo"), AccessTokens.hash(AccessTokens.generate()), NOW);
        orders.markPending(order.id(), 31, NOW);
        orders.markPaid(order.id(), 31, 20_001, 10_001L, null, NOW);
        return orders.find(order.id()).orElseThrow();
    }

    Refund reserve(Order order, int cents) {
        return transaction.execute(tx -> ledger.reserve(order.id(), 10_001, cents, order.amount(), order.amount(),
                "test", "admin", NOW));
    }

    @Test
    void theNewStatusesFitTheOrdersTableAndOthersAreRejected() {
        Order order = paidOrder(4000);
        for (OrderStatus status : List.of(OrderStatus.REFUNDING, OrderStatus.PARTIALLY_REFUNDED,
                OrderStatus.CONTESTED)) {
            jdbc.sql("UPDATE orders SET status = :s WHERE id = :id").param("s", status.name()).param("id", order.id())
                    .update();
            assertThat(orders.find(order.id()).orElseThrow().status()).isEqualTo(status);
        }
        assertThatThrownBy(() -> jdbc.sql("UPDATE orders SET status = 'REFUNDED_TWICE' WHERE id = :id")
                .param("id", order.id()).update()).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void aRefundIsRecordedRequestedAndFailedOnesNoLongerCount() {
        Order order = paidOrder(4000);
        Refund refund = reserve(order, 4000);
        assertThat(refund.status()).isEqualTo(RefundStatus.REQUESTED);
        assertThat(ledger.committed(order.id())).isEqualTo(4000);
        assertThatThrownBy(() -> reserve(order, 1)).isInstanceOf(RefundException.class)
                .satisfies(e -> assertThat(((RefundException) e).code()).isEqualTo("too-much"));

        assertThat(ledger.notMade(refund.id(), RefundStatus.NEEDS_MFA, "MFA", NOW)).isTrue();
        assertThat(ledger.committed(order.id())).isZero();
        assertThat(reserve(order, 4000).status()).isEqualTo(RefundStatus.REQUESTED);
    }

    @Test
    void aRefundSeenAtHelloAssoIsRecordedOnceAndCounts() {
        Order order = paidOrder(4000);
        assertThat(ledger.recordObserved(order.id(), 10_001, 1500, 40_001, NOW)).isTrue();
        assertThat(ledger.recordObserved(order.id(), 10_001, 1500, 40_001, NOW)).isFalse();
        assertThat(ledger.committed(order.id())).isEqualTo(1500);
        assertThatThrownBy(() -> reserve(order, 2501)).isInstanceOf(RefundException.class);
    }

    @Test
    void twoPartialRefundsRacingOnTheLastEurosNeverBothPass() throws Exception {
        for (int round = 0; round < 10; round++) {
            Order order = paidOrder(4000);
            Refund first = reserve(order, 3000);
            ledger.succeeded(first.id(), 50_000L + round, 3000, "done", NOW);
            // 10 € left; two refunds of 6 € and 7 € start at the same instant
            List<String> outcomes = RefundRace.run(List.of(() -> reserve(order, 600).status().name(),
                    () -> reserve(order, 700).status().name()));
            assertThat(outcomes).as("round %d", round).containsOnlyOnce("REQUESTED");
            assertThat(outcomes).as("round %d", round).containsOnlyOnce("too-much");
            assertThat(ledger.committed(order.id())).isLessThanOrEqualTo(4000);
        }
    }

    @Test
    void twentyConcurrentRefundsOfOneEuroTakeExactlyWhatIsLeft() throws Exception {
        Order order = paidOrder(1000);
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> reserve(order, 100).status().name());
        }
        List<String> outcomes = RefundRace.run(calls);
        assertThat(outcomes).filteredOn("REQUESTED"::equals).hasSize(10);
        assertThat(outcomes).filteredOn("too-much"::equals).hasSize(10);
        assertThat(ledger.committed(order.id())).isEqualTo(1000);
    }
}
