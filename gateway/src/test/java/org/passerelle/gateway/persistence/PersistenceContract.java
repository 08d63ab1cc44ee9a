package org.passerelle.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.passerelle.gateway.checkout.HelloAssoBudget;
import org.passerelle.gateway.checkout.HelloAssoBudget.Claim;
import org.passerelle.gateway.fulfilment.FulfilmentOutbox;
import org.passerelle.gateway.order.AccessTokens;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.AtOnce;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The same checks against each database: the one migration set applies, status changes are compare-and-sets that
 * exactly one concurrent caller wins, and the outbox is unique per order and event (its claims: {@code WorkQueueContract}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PersistenceContract {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 23, 18, 0, 0, 0, ZoneOffset.UTC);

    private HikariDataSource dataSource;
    JdbcClient jdbc;
    OrderRepository orders;
    FulfilmentOutbox outbox;

    /** A migrated, empty database of its own. */
    abstract HikariDataSource createDatabase();

    abstract void dropDatabase(HikariDataSource dataSource);

    JdbcClient jdbc() {
        if (jdbc == null) {
            dataSource = createDatabase();
            jdbc = JdbcClient.create(dataSource);
            orders = new OrderRepository(jdbc, event -> { });
            outbox = new FulfilmentOutbox(jdbc, queues(java.time.Clock.systemUTC()), new org.springframework.boot
                    .context.properties.bind.Binder().bindOrCreate("passerelle",
                            org.passerelle.gateway.config.PasserelleProperties.class));
        }
        return jdbc;
    }

    private org.passerelle.gateway.work.WorkQueues queues(java.time.Clock clock) {
        return new org.passerelle.gateway.work.WorkQueues(jdbc, new org.springframework.transaction.support
                .TransactionTemplate(new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource)),
                new org.passerelle.gateway.config.UtcClock(clock), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    @AfterAll
    void close() {
        if (dataSource != null) {
            dropDatabase(dataSource);
            dataSource.close();
        }
    }

    Order newOrder(int amount) {
        jdbc();
        NewOrder order = new NewOrder("offer", "Adhésion 2026", amount, false,
                new Order.Payer("Marie", "Curie", "marie@example.org", "FRA", java.time.LocalDate.of(1990, 1, 2)),
                "ref-1", "{\"k\":\"v\"}", "passerelle-demo");
        return orders.insert(order, AccessTokens.hash(AccessTokens.generate()), NOW);
    }

    @Test
    void anOrderIsStoredAndReadBackWithEveryField() {
        Order order = newOrder(2500);
        Order read = orders.find(order.id()).orElseThrow();
        assertThat(read.status()).isEqualTo(OrderStatus.CREATED);
        assertThat(read.amount()).isEqualTo(2500);
        assertThat(read.initialAmount()).isEqualTo(2500);
        assertThat(read.itemName()).isEqualTo("Adhésion 2026");
        assertThat(read.payer().birthDate()).isEqualTo(java.time.LocalDate.of(1990, 1, 2));
        assertThat(read.createdAt().toInstant()).isEqualTo(NOW.toInstant());
        assertThat(read.checkoutIntentId()).isNull();
    }

    @Test
    void theDatabaseRefusesUnknownStatusesAndNonPositiveAmounts() {
        Order order = newOrder(100);
        assertThatThrownBy(() -> jdbc.sql("UPDATE orders SET status = 'REIMBURSED' WHERE id = :id")
                .param("id", order.id()).update()).isInstanceOf(DataIntegrityViolationException.class);
        // NewOrder refuses 0 cents itself since instalments; the database must refuse it anyway
        assertThatThrownBy(() -> jdbc.sql("UPDATE orders SET amount = 0, initial_amount = 0 WHERE id = :id")
                .param("id", order.id()).update()).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void aPaymentWaitingForTheBankIsRecordedOnTheCurrentCheckoutOfAnOrderStillWaitingForItsOutcome() {
        Order order = newOrder(1000);
        assertThat(orders.markAwaitingBank(order.id(), 11, NOW)).as("no checkout yet").isFalse();
        orders.markPending(order.id(), 11, NOW);
        assertThat(orders.markAwaitingBank(order.id(), 10, NOW)).as("an older intent").isFalse();
        assertThat(orders.markAwaitingBank(order.id(), 11, NOW)).isTrue();
        assertThat(orders.markAwaitingBank(order.id(), 11, NOW.plusMinutes(1))).as("recorded once").isFalse();
        Order waiting = orders.find(order.id()).orElseThrow();
        assertThat(waiting.awaitingBank()).isTrue();
        assertThat(waiting.payable()).as("no new checkout while the bank decides").isFalse();
        assertThat(waiting.awaitingBankSince()).isAtSameInstantAs(NOW);

        assertThat(orders.markPaid(order.id(), 11, 900, 901L, null, NOW)).isTrue();
        Order paid = orders.find(order.id()).orElseThrow();
        assertThat(paid.awaitingBank()).isFalse();
        assertThat(paid.awaitingBankSince()).isNull();
        assertThat(orders.markAwaitingBank(order.id(), 11, NOW)).as("PAID is an outcome").isFalse();

        Order refused = newOrder(1000);
        orders.markPending(refused.id(), 21, NOW);
        orders.markAwaitingBank(refused.id(), 21, NOW);
        assertThat(orders.markFailed(refused.id(), 21, NOW)).isTrue();
        assertThat(orders.find(refused.id()).orElseThrow().awaitingBankSince()).as("the bank said no").isNull();
        assertThat(orders.markAwaitingBank(refused.id(), 21, NOW)).as("FAILED is an outcome").isFalse();
    }

    /** Three public HelloAsso calls per order and minute, as by default; the clock stopped at {@link #NOW}. */
    private HelloAssoBudget budget() {
        return new HelloAssoBudget(jdbc, new org.passerelle.gateway.config.UtcClock(java.time.Clock.fixed(
                NOW.toInstant(), ZoneOffset.UTC)), new org.springframework.boot.context.properties.bind.Binder()
                .bindOrCreate("passerelle.limits", org.passerelle.gateway.web.LimitProperties.class));
    }

    @Test
    void aCheckoutClaimTakesOneCallOfTheAllowanceAndIsGivenBackWithTheNewIntent() {
        Order order = newOrder(1000);
        HelloAssoBudget budget = budget();
        OffsetDateTime stale = NOW.minusMinutes(2);
        assertThat(budget.claimCheckoutCreation(order.id(), NOW, stale)).isEqualTo(Claim.CLAIMED);
        assertThat(budget.claimCheckoutCreation(order.id(), NOW, stale)).as("a double click").isEqualTo(Claim.IN_PROGRESS);
        budget.releaseCheckoutCreation(order.id(), NOW);
        assertThat(budget.claimCheckoutCreation(order.id(), NOW, stale)).as("given back with the intent")
                .isEqualTo(Claim.CLAIMED);
        budget.releaseCheckoutCreation(order.id(), NOW);
        assertThat(budget.take(order.id())).as("the third call of the minute").isTrue();
        assertThat(budget.claimCheckoutCreation(order.id(), NOW, stale)).as("the allowance spent")
                .isEqualTo(Claim.TOO_OFTEN);
        assertThat(budget.take(order.id())).as("the allowance spent").isFalse();
        assertThat(budget.claimCheckoutCreation(order.id(), NOW.plusMinutes(1), stale)).as("the next minute")
                .isEqualTo(Claim.CLAIMED);
        assertThat(budget.claimCheckoutCreation(order.id(), NOW.plusMinutes(1), NOW.plusMinutes(1).plusNanos(1000)))
                .as("a claim left by a crashed request is taken over").isEqualTo(Claim.CLAIMED);
        budget.releaseCheckoutCreation(order.id(), NOW);
        assertThat(budget.claimCheckoutCreation(order.id(), NOW.plusMinutes(1), stale))
                .as("a claim taken over since is left to its holder").isEqualTo(Claim.IN_PROGRESS);
        assertThat(budget.take("no-such-order")).as("an unknown order").isFalse();
        assertThat(budget.claimCheckoutCreation("no-such-order", NOW, stale)).isEqualTo(Claim.TOO_OFTEN);
    }

    @Test
    void ofTwentyFirstClicksOnANewOrderOneCreatesTheCheckout() throws Exception {
        Order order = newOrder(1000);
        HelloAssoBudget budget = budget();
        assertThat(AtOnce.run(20, () -> budget.claimCheckoutCreation(order.id(), NOW, NOW.minusMinutes(2))))
                .containsOnly(Claim.CLAIMED, Claim.IN_PROGRESS).containsOnlyOnce(Claim.CLAIMED);
    }

    @Test
    void twentyFirstCallsOnANewOrderTakeItsAllowanceAndNoMore() throws Exception {
        Order order = newOrder(1000);
        HelloAssoBudget budget = budget();
        assertThat(AtOnce.run(20, () -> budget.take(order.id()))).filteredOn(Boolean::booleanValue).hasSize(3);
    }

    @Test
    void transitionsOnlyGoForward() {
        Order order = newOrder(1000);
        assertThat(orders.markFailed(order.id(), 11, NOW)).as("CREATED -> FAILED").isFalse();
        assertThat(orders.markPending(order.id(), 11, NOW)).isTrue();
        assertThat(orders.markFailed(order.id(), 10, NOW)).as("refusal of an older intent").isFalse();
        assertThat(orders.markFailed(order.id(), 11, NOW)).isTrue();
        assertThat(orders.markPending(order.id(), 12, NOW)).as("retry after a refusal").isTrue();
        assertThat(orders.markPaid(order.id(), 12, 900, 901L, "https://receipt", NOW)).isTrue();
        assertThat(orders.markPaid(order.id(), 12, 900, 901L, "https://receipt", NOW)).as("paid twice").isFalse();
        for (OrderStatus target : OrderStatus.values()) {
            if (target == OrderStatus.CREATED || target == OrderStatus.CANCELLED) {
                assertThat(orders.transition(order.id(), target, NOW)).as("PAID -> %s", target).isFalse();
            } else if (!target.hasBeenPaid()) {
                assertThatThrownBy(() -> orders.transition(order.id(), target, NOW)).as("%s has its own method", target)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThat(orders.markFailed(order.id(), 12, NOW)).as("PAID -> FAILED").isFalse();
        assertThat(orders.markExpired(order.id(), 12, NOW)).as("PAID -> EXPIRED").isFalse();
        assertThat(orders.markPending(order.id(), 13, NOW)).as("PAID -> PENDING").isFalse();
        assertThat(orders.refundDidNotHappen(order.id(), NOW)).as("PAID -> PAID").isFalse();
        Order paid = orders.find(order.id()).orElseThrow();
        assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
        assertThat(paid.checkoutIntentId()).isEqualTo(12);
        assertThat(paid.helloassoPaymentId()).isEqualTo(901);
    }

    @Test
    void aVerifiedPaymentWinsOverExpiry() {
        Order order = newOrder(1000);
        orders.markPending(order.id(), 21, NOW);
        assertThat(orders.markExpired(order.id(), 21, NOW)).isTrue();
        assertThat(orders.markPaid(order.id(), 21, 1, null, null, NOW)).isTrue();
    }

    @Test
    void aRefundThatDidNotHappenTakesTheOrderBackToPaidButNothingElseDoes() {
        Order order = newOrder(1000);
        orders.markPending(order.id(), 41, NOW);
        assertThat(orders.refundDidNotHappen(order.id(), NOW)).as("PENDING -> PAID without a payment").isFalse();
        assertThat(orders.markPaid(order.id(), 41, 4100, 4101L, null, NOW)).isTrue();
        assertThat(orders.transition(order.id(), OrderStatus.REFUNDING, NOW)).isTrue();
        assertThat(orders.markPaid(order.id(), 41, 4100, 4101L, null, NOW)).as("a payment does not undo a refund")
                .isFalse();
        assertThat(orders.refundDidNotHappen(order.id(), NOW)).isTrue();
        assertThat(orders.find(order.id()).orElseThrow().status()).isEqualTo(OrderStatus.PAID);
        assertThat(orders.transition(order.id(), OrderStatus.PARTIALLY_REFUNDED, NOW)).isTrue();
        assertThat(orders.refundDidNotHappen(order.id(), NOW)).as("a refund that happened stays").isFalse();
    }

    @Test
    void exactlyOneOfTwentyConcurrentCallersMakesTheOrderPaid() throws Exception {
        Order order = newOrder(1500);
        orders.markPending(order.id(), 31, NOW);
        assertThat(AtOnce.run(20, () -> orders.markPaid(order.id(), 31, 5, 6L, null, NOW)))
                .filteredOn(Boolean::booleanValue).hasSize(1);
    }

    @Test
    void theOutboxHoldsOneRowPerOrderAndEvent() {
        Order order = newOrder(700);
        long id = outbox.enqueue(order.id(), EventType.ORDER_PAID, "", NOW);
        assertThatThrownBy(() -> outbox.enqueue(order.id(), EventType.ORDER_PAID, "", NOW))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(outbox.forOrder(order.id())).extracting(FulfilmentOutbox.Entry::id).containsExactly(id);
    }

    @Test
    void anEventThatHappensMoreThanOnceHasOneRowPerKey() {
        Order order = newOrder(750);
        long second = outbox.enqueue(order.id(), EventType.INSTALMENT_PAID, "2", NOW);
        long third = outbox.enqueue(order.id(), EventType.INSTALMENT_PAID, "3", NOW);
        assertThatThrownBy(() -> outbox.enqueue(order.id(), EventType.INSTALMENT_PAID, "3", NOW))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(outbox.forOrder(order.id())).extracting(FulfilmentOutbox.Entry::id, FulfilmentOutbox.Entry::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(second, "2"),
                        org.assertj.core.groups.Tuple.tuple(third, "3"));
    }

    // ---- host applications (V6_1) ------------------------------------------------------------------------------

    private Order apiOrder(String key, String reference, int amount, int instalments) {
        jdbc();
        return orders.insert(new NewOrder(null, "Cours", amount, false, Order.Payer.none(), reference, null,
                "passerelle-demo", key, "https://host.example.org/back", false, instalments),
                AccessTokens.hash(AccessTokens.generate()), NOW);
    }

    @Test
    void aHostReferenceIsUniquePerApiKeyAndOrdersAreSearchable() {
        Order first = apiOrder("key-a", "ref-a", 10000, 3);
        assertThat(first.initialAmount()).isEqualTo(3334);
        assertThat(first.instalments()).isEqualTo(3);
        assertThat(first.apiKeyId()).isEqualTo("key-a");
        assertThat(first.returnUrl()).isEqualTo("https://host.example.org/back");
        assertThatThrownBy(() -> apiOrder("key-a", "ref-a", 500, 1)).isInstanceOf(DataIntegrityViolationException.class);
        apiOrder("key-b", "ref-a", 500, 1);
        newOrder(700);
        newOrder(800);   // orders of the public pages share a reference freely

        OrderRepository.Search all = new OrderRepository.Search("key-a", null, null, null, null);
        assertThat(orders.count(all, 10)).isEqualTo(1);
        assertThat(orders.search(all, 0, 10)).extracting(Order::id).containsExactly(first.id());
        OrderRepository.Search filtered = new OrderRepository.Search("key-a", "ref-a", OrderStatus.CREATED,
                NOW.minusDays(1), NOW.plusDays(1));
        assertThat(orders.search(filtered, 0, 10)).hasSize(1);
        assertThat(orders.count(new OrderRepository.Search("key-a", null, OrderStatus.PAID, null, null), 10)).isZero();
        assertThat(orders.findByReference("key-b", "ref-a")).isPresent();
    }

    @Test
    void aTermIsRecordedOnceAndMovesOnce() {
        Order order = apiOrder("key-terms", "ref-terms", 9000, 3);
        org.passerelle.gateway.order.OrderTerms terms = new org.passerelle.gateway.order.OrderTerms(jdbc);
        var scheduled = new org.passerelle.gateway.order.OrderTerms.Term(2, 3000, null,
                org.passerelle.gateway.order.OrderTerms.Status.SCHEDULED, null);
        assertThat(terms.insertIfAbsent(order.id(), scheduled, NOW)).isTrue();
        assertThat(terms.insertIfAbsent(order.id(), scheduled, NOW)).isFalse();
        assertThat(terms.transition(order.id(), 2, org.passerelle.gateway.order.OrderTerms.Status.SCHEDULED,
                org.passerelle.gateway.order.OrderTerms.Status.PAID, NOW)).isTrue();
        assertThat(terms.transition(order.id(), 2, org.passerelle.gateway.order.OrderTerms.Status.SCHEDULED,
                org.passerelle.gateway.order.OrderTerms.Status.PAID, NOW)).isFalse();
        assertThat(terms.forOrder(order.id())).singleElement()
                .satisfies(t -> assertThat(t.status()).isEqualTo(org.passerelle.gateway.order.OrderTerms.Status.PAID));
    }

    @Test
    void aWebhookDeliveryIsRecordedOncePerEventAndEndpoint() {
        Order order = newOrder(1500);
        long fulfilment = outbox.enqueue(order.id(), EventType.ORDER_PAID, "", NOW);
        java.time.Clock clock = java.time.Clock.fixed(NOW.toInstant(), ZoneOffset.UTC);
        org.passerelle.gateway.webhook.WebhookDeliveries deliveries =
                new org.passerelle.gateway.webhook.WebhookDeliveries(jdbc, null, queues(clock),
                        new org.springframework.boot.context.properties.bind.Binder().bindOrCreate("passerelle.webhooks",
                                org.passerelle.gateway.webhook.WebhookProperties.class),
                        new org.passerelle.gateway.config.UtcClock(clock));
        long before = deliveries.count(null);
        var endpoint = new org.passerelle.gateway.webhook.WebhookEndpoints.Endpoint("ep-1", "https://h.example.org",
                java.util.Set.of(), false, null);
        assertThat(deliveries.forOrder(order.id())).isEmpty();
        org.passerelle.gateway.webhook.WebhookDeliveriesAccess.insert(deliveries, fulfilment, order.id(), endpoint);
        org.passerelle.gateway.webhook.WebhookDeliveriesAccess.insert(deliveries, fulfilment, order.id(), endpoint);
        assertThat(deliveries.forOrder(order.id())).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo("PENDING"));
        assertThat(deliveries.count(null)).isEqualTo(before + 1);
        assertThat(deliveries.count("PENDING")).isGreaterThanOrEqualTo(1);
        assertThat(deliveries.list(null, 0, 500)).isNotEmpty();
        assertThat(deliveries.list("DEAD", 0, 10)).isEmpty();
    }

    @Test
    void theRetentionPurgeDeletesOnlyOldRunsAndOldFinishedNotifications() {
        var runs = new org.passerelle.gateway.reconcile.ReconcileRuns(jdbc());
        long oldRun = runs.start("SCHEDULED", null, "i-1", NOW.minusDays(31));
        long recentRun = runs.start("SCHEDULED", null, "i-1", NOW.minusDays(29));

        var inbox = new org.passerelle.gateway.notification.NotificationInbox(jdbc, queues(java.time.Clock.systemUTC()),
                new org.springframework.boot.context.properties.bind.Binder().bindOrCreate("passerelle.notifications",
                        org.passerelle.gateway.notification.NotificationProperties.class));
        OffsetDateTime old = NOW.minusDays(91);
        java.util.Map<String, Long> ids = new java.util.LinkedHashMap<>();
        for (var status : org.passerelle.gateway.notification.InboxEntry.Status.values()) {
            ids.put(status.name(), inbox.store("retention-" + status, "{}", "", null, "Payment", status, null, old).id());
        }
        // processed long ago, but only just processed again (admin "process again"): kept
        long reprocessed = inbox.store("retention-reprocessed", "{}", "", null, "Payment",
                org.passerelle.gateway.notification.InboxEntry.Status.RECEIVED, null, old).id();
        jdbc.sql("UPDATE notification_inbox SET status = 'PROCESSED', processed_at = :at WHERE id = :id")
                .param("at", NOW.minusDays(1)).param("id", reprocessed).update();
        long recent = inbox.store("retention-recent", "{}", "", null, "Payment",
                org.passerelle.gateway.notification.InboxEntry.Status.IGNORED, null, NOW.minusDays(89)).id();

        assertThat(runs.purgeStartedBefore(NOW.minusDays(30))).isEqualTo(1);
        assertThat(inbox.purgeFinishedBefore(NOW.minusDays(90))).isEqualTo(4);

        assertThat(runs.latest(100)).extracting(r -> r.id()).contains(recentRun).doesNotContain(oldRun);
        assertThat(inbox.find(ids.get("PROCESSED"))).isEmpty();
        assertThat(inbox.find(ids.get("IGNORED"))).isEmpty();
        assertThat(inbox.find(ids.get("REJECTED"))).isEmpty();
        assertThat(inbox.find(ids.get("MALFORMED"))).isEmpty();
        assertThat(inbox.find(ids.get("RECEIVED"))).as("still to process").isPresent();
        assertThat(inbox.find(ids.get("RETRY"))).as("awaiting a retry").isPresent();
        assertThat(inbox.find(reprocessed)).isPresent();
        assertThat(inbox.find(recent)).isPresent();
    }
}
