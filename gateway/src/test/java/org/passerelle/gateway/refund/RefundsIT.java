package org.passerelle.gateway.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.fulfilment.FulfilmentOutbox;
import org.passerelle.gateway.order.AccessTokens;
import org.passerelle.gateway.order.CheckoutIntentRepository;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.notification.InboxEntry;
import org.passerelle.gateway.notification.NotificationInbox;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.emulator.EmulatorControl;
import org.passerelle.helloasso.model.CheckoutIntentCreated;
import org.passerelle.helloasso.model.CheckoutIntentRequest;
import org.springframework.beans.factory.annotation.Autowired;

/** Refunds, disputes and instalment cancellations against the emulated HelloAsso, through the service and the admin endpoints. */
class RefundsIT extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String REFUND_CALL = "payments.refund";

    @Autowired
    RefundService refunds;
    @Autowired
    RefundSweep sweep;
    @Autowired
    RefundLedger ledger;
    @Autowired
    PaymentVerifier verifier;
    @Autowired
    HelloAssoClient client;
    @Autowired
    HelloAssoSettings helloAsso;
    @Autowired
    CheckoutIntentRepository intents;

    @AfterEach
    void normalHelloAsso() {
        control().clearFaults().mfaRequiredForRefunds(false).dropNotifications(false);
    }

    private EmulatorControl control() {
        return emulator().control();
    }

    /** A paid order of the 40 € offer: its id, token and HelloAsso payment id. */
    record Paid(String orderId, String token, long paymentId) {
    }

    @Autowired
    NotificationInbox inbox;

    private Paid paid() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);
        long intent = order(placed.orderId()).checkoutIntentId();
        control().pay(intent);
        // the notification may have been first
        assertThat(verifier.verify(placed.orderId(), VerificationSource.POLLER, null).isPaid()).isTrue();
        // and HelloAsso's two notifications are processed before the test goes on: one processed later, after the
        // test moved the clock, would read the order back and settle what the test wants the sweep to settle
        await().atMost(WAIT).until(() -> inbox.latest(1000).stream()
                .filter(e -> placed.orderId().equals(e.orderId()) && e.status() == InboxEntry.Status.PROCESSED).count() >= 2);
        Order order = order(placed.orderId());
        return new Paid(order.id(), placed.token(), order.helloassoPaymentId());
    }

    /** An order of {@code total} cents paid in three instalments; the first one is paid. */
    private Paid paidInInstalments(int total) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        Order order = orders.insert(new NewOrder("stage", "Stage annuel (3 fois)", total, false, Order.Payer.none(),
                null, null, helloAsso.organization()), AccessTokens.hash(AccessTokens.generate()), now);
        LocalDate today = LocalDate.ofInstant(control().now(), java.time.ZoneId.of("Europe/Paris"));
        CheckoutIntentRequest request = CheckoutIntentRequest.builder().itemName(order.itemName())
                .instalments(total, List.of(today.plusDays(1), today.plusDays(40))).containsDonation(false)
                .returnUrl("https://example.org/r").backUrl("https://example.org/b").errorUrl("https://example.org/e")
                .metadata(Map.of(PaymentVerifier.METADATA_ORDER_ID, order.id())).build();
        // as the instalment checkout stores it: the first term is what the first payment must be
        jdbc.sql("UPDATE orders SET initial_amount = :first WHERE id = :id").param("first", request.initialAmount())
                .param("id", order.id()).update();
        CheckoutIntentCreated created = client.checkoutIntents().create(helloAsso.organization(), request);
        intents.insert(new CheckoutIntentRepository.StoredIntent(created.id(), order.id(), helloAsso.organization(),
                created.redirectUrl(), total, now, now.plusMinutes(15), null));
        orders.markPending(order.id(), created.id(), now);
        control().pay(created.id());
        assertThat(verifier.verify(order.id(), VerificationSource.POLLER, null).isPaid()).isTrue();
        return new Paid(order.id(), null, order(order.id()).helloassoPaymentId());
    }

    private List<String> events(Paid paid, EventType event) {
        return outbox.forOrder(paid.orderId()).stream().filter(e -> e.event().equals(event))
                .map(FulfilmentOutbox.Entry::key).toList();
    }

    /** HelloAsso finishes processing the refunds in flight (Refunding → Refunded or back to Authorized). */
    private void helloAssoProcessesRefunds() {
        control().advanceClock(Duration.ofSeconds(11));
    }

    @Test
    void aFullRefundMakesTheOrderRefundedAnnouncesItOnceAndCannotBeRepeated() {
        Paid paid = paid();
        long calls = control().callCount(REFUND_CALL);

        RefundService.Outcome outcome = refunds.refund(paid.orderId(), null, null, "Atelier annulé", "alice");

        assertThat(outcome.allSucceeded()).isTrue();
        assertThat(outcome.order().status()).isEqualTo(OrderStatus.REFUNDED);
        Refund refund = outcome.refunds().getFirst();
        assertThat(refund.amount()).isEqualTo(4000);
        assertThat(refund.helloassoRefundId()).isNotNull();
        assertThat(refund.actor()).isEqualTo("alice");
        assertThat(control().paymentState(paid.paymentId())).isEqualTo("Refunding");
        assertThat(control().callCount(REFUND_CALL)).isEqualTo(calls + 1);
        assertThat(events(paid, EventType.ORDER_REFUNDED)).containsExactly("");

        assertThatThrownBy(() -> refunds.refund(paid.orderId(), null, null, null, "alice"))
                .isInstanceOfSatisfying(RefundException.class, e -> assertThat(e.code()).isEqualTo("nothing-left"));
        helloAssoProcessesRefunds();
        // notifications and checks show the same refund again: nothing new
        verifier.verify(paid.orderId(), VerificationSource.POLLER, null);
        verifier.verify(paid.orderId(), VerificationSource.ADMIN, null);
        assertThat(ledger.forOrder(paid.orderId())).hasSize(1);
        assertThat(events(paid, EventType.ORDER_REFUNDED)).hasSize(1);
        assertThat(control().callCount(REFUND_CALL)).isEqualTo(calls + 1);
        await().atMost(WAIT).until(() -> outbox.forOrder(paid.orderId()).stream().allMatch(e -> e.status().equals("DELIVERED")));

        Browser.Page page = browser().get("/orders/" + paid.orderId() + "?t=" + paid.token());
        assertThat(page.body()).contains("Remboursée").contains("Votre paiement vous a été remboursé");
    }

    @Test
    void partialRefundsAddUpToARefundedOrderWithOneEventEach() {
        Paid paid = paid();

        RefundService.Outcome first = succeeded(refunds.refund(paid.orderId(), null, 1500, "Une séance annulée", "alice"));
        assertThat(first.order().status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
        assertThat(events(paid, EventType.ORDER_PARTIALLY_REFUNDED)).containsExactly(first.refunds().getFirst().id());
        assertThat(browser().get("/orders/" + paid.orderId() + "?t=" + paid.token()).body())
                .contains("Partiellement remboursée");

        assertThatThrownBy(() -> refunds.refund(paid.orderId(), null, 2501, null, "alice"))
                .isInstanceOfSatisfying(RefundException.class, e -> {
                    assertThat(e.code()).isEqualTo("too-much");
                    assertThat(e.args()).containsExactly(2500);
                });
        helloAssoProcessesRefunds();
        RefundService.Outcome rest = succeeded(refunds.refund(paid.orderId(), null, 2500, null, "alice"));

        assertThat(rest.order().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(ledger.committed(paid.orderId())).isEqualTo(4000);
        assertThat(events(paid, EventType.ORDER_PARTIALLY_REFUNDED)).hasSize(1);
        assertThat(events(paid, EventType.ORDER_REFUNDED)).hasSize(1);
    }

    @Test
    void twoPartialRefundsRacingOnTheLastEurosRefundOnlyWhatIsLeft() throws Exception {
        Paid paid = paid();
        succeeded(refunds.refund(paid.orderId(), null, 3000, null, "alice"));
        helloAssoProcessesRefunds();
        long calls = control().callCount(REFUND_CALL);

        List<String> outcomes = RefundRace.run(List.of(
                () -> refunds.refund(paid.orderId(), null, 600, "six", "alice").refunds().getFirst().status().name(),
                () -> refunds.refund(paid.orderId(), null, 700, "sept", "bob").refunds().getFirst().status().name()));

        assertThat(outcomes).as(() -> ledger.forOrder(paid.orderId()).toString())
                .containsOnlyOnce("SUCCEEDED").containsOnlyOnce("too-much");
        assertThat(control().callCount(REFUND_CALL)).as("the loser never reached HelloAsso").isEqualTo(calls + 1);
        assertThat(ledger.committed(paid.orderId())).isIn(3600, 3700);
        assertThat(order(paid.orderId()).status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    }

    @Test
    void aLostAnswerLeavesTheRefundUncertainUntilReadingBackSettlesItWithoutASecondCall() {
        Paid paid = paid();
        control().dropNotifications(true); // else the refund's notification settles it first, as it should
        control().loseAnswerOfNext(REFUND_CALL, 1, 504);

        RefundService.Outcome outcome = refunds.refund(paid.orderId(), null, null, null, "alice");

        assertThat(outcome.refunds().getFirst().status()).isEqualTo(RefundStatus.UNCERTAIN);
        assertThat(outcome.order().status()).isEqualTo(OrderStatus.REFUNDING);
        assertThat(events(paid, EventType.ORDER_REFUNDED)).isEmpty();
        assertThat(ledger.committed(paid.orderId())).as("an uncertain refund counts").isEqualTo(4000);
        long calls = control().callCount(REFUND_CALL);

        RefundService.Outcome settled = refunds.settle(paid.orderId(), "alice");

        assertThat(settled.refunds()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RefundStatus.SUCCEEDED);
            assertThat(r.helloassoRefundId()).isNotNull();
        });
        assertThat(settled.order().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(control().callCount(REFUND_CALL)).isEqualTo(calls);
        assertThat(ledger.forOrder(paid.orderId())).hasSize(1);
        assertThat(events(paid, EventType.ORDER_REFUNDED)).hasSize(1);
        assertThatThrownBy(() -> refunds.refund(paid.orderId(), null, null, null, "alice"))
                .isInstanceOfSatisfying(RefundException.class, e -> assertThat(e.code()).isEqualTo("nothing-left"));
    }

    @Test
    void aRefundHelloAssoNeverMadeStaysUncertainThenTheSweepFindsItWasNotMade() {
        Paid paid = paid();
        control().failNext(REFUND_CALL, 1, 503);

        assertThat(refunds.refund(paid.orderId(), null, 1000, null, "alice").refunds().getFirst().status())
                .isEqualTo(RefundStatus.UNCERTAIN);
        assertThat(refunds.settle(paid.orderId(), "alice").refunds().getFirst().status())
                .as("too early to conclude: the request might still be on its way").isEqualTo(RefundStatus.UNCERTAIN);

        clock.advance(Duration.ofMinutes(3));
        RefundSweep.Figures figures = sweep.run();

        assertThat(figures.settled()).isGreaterThanOrEqualTo(1);
        Refund refund = ledger.forOrder(paid.orderId()).getFirst();
        assertThat(refund.status()).isEqualTo(RefundStatus.FAILED);
        assertThat(refund.message()).contains("not made");
        assertThat(order(paid.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(refunds.refund(paid.orderId(), null, 1000, null, "alice").allSucceeded())
                .as("refunding again is safe now").isTrue();
        assertThat(ledger.committed(paid.orderId())).isEqualTo(1000);
    }

    @Test
    void mfaRequiredIsExplainedAndTheRefundMadeInTheBackOfficeThenCompletesTheOrder() {
        Paid paid = paid();
        control().mfaRequiredForRefunds(true);

        RefundService.Outcome outcome = refunds.refund(paid.orderId(), null, null, null, "alice");

        Refund refund = outcome.refunds().getFirst();
        assertThat(refund.status()).isEqualTo(RefundStatus.NEEDS_MFA);
        assertThat(refund.message()).contains("back office");
        assertThat(outcome.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(ledger.committed(paid.orderId())).isZero();
        Browser.Page panel = admin(ADMIN, ADMIN_PASSWORD).get("/admin/orders/" + paid.orderId());
        assertThat(panel.body()).contains("HelloAsso demande une confirmation par code")
                .contains("Rien n’a été remboursé").doesNotContain("AuthorizationErrors");

        // the administrator follows the explanation: the refund is made in HelloAsso's back office
        control().refundInBackOffice(paid.paymentId(), null);

        await().atMost(WAIT).until(() -> order(paid.orderId()).status() == OrderStatus.REFUNDED);
        assertThat(ledger.forOrder(paid.orderId())).extracting(Refund::status, Refund::origin)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RefundStatus.NEEDS_MFA, Refund.PASSERELLE),
                        org.assertj.core.groups.Tuple.tuple(RefundStatus.SUCCEEDED, Refund.HELLOASSO));
        assertThat(events(paid, EventType.ORDER_REFUNDED)).hasSize(1);
    }

    @Test
    void aPartialRefundInTheBackOfficeArrivesThroughTheNotification() {
        Paid paid = paid();

        control().refundInBackOffice(paid.paymentId(), 1000);

        await().atMost(WAIT).until(() -> order(paid.orderId()).status() == OrderStatus.PARTIALLY_REFUNDED);
        assertThat(ledger.forOrder(paid.orderId())).singleElement()
                .satisfies(r -> assertThat(r.origin()).isEqualTo(Refund.HELLOASSO));
        assertThat(events(paid, EventType.ORDER_PARTIALLY_REFUNDED)).hasSize(1);
        assertThatThrownBy(() -> refunds.refund(paid.orderId(), null, 3001, null, "alice"))
                .isInstanceOfSatisfying(RefundException.class, e -> assertThat(e.code()).isEqualTo("too-much"));
    }

    @Test
    void withoutNotificationsTheSweepFindsBackOfficeRefundsReadingOnlyTheOrdersThatChanged() {
        Paid paid = paid();
        Paid untouched = paid();
        sweep.run(); // whatever earlier tests left is seen now
        control().dropNotifications(true);
        control().refundInBackOffice(paid.paymentId(), null);
        long reads = control().callCount("orders.get");

        RefundSweep.Figures figures = sweep.run();

        assertThat(order(paid.orderId()).status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(order(untouched.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(figures.news()).isEqualTo(1);
        assertThat(control().callCount("orders.get")).isEqualTo(reads + 1);
        assertThat(sweep.run().news()).as("nothing new the second time").isZero();
        assertThat(control().callCount("orders.get")).isEqualTo(reads + 1);
    }

    @Test
    void aDisputeMakesTheOrderContestedOnceAndRefundsAreNoLongerOffered() {
        Paid paid = paid();

        control().contest(paid.paymentId());

        await().atMost(WAIT).until(() -> order(paid.orderId()).status() == OrderStatus.CONTESTED);
        assertThat(events(paid, EventType.ORDER_CONTESTED)).containsExactly("");
        assertThatThrownBy(() -> refunds.refund(paid.orderId(), null, null, null, "alice"))
                .isInstanceOfSatisfying(RefundException.class, e -> assertThat(e.code()).isEqualTo("contested"));
        verifier.verify(paid.orderId(), VerificationSource.POLLER, null);
        assertThat(events(paid, EventType.ORDER_CONTESTED)).hasSize(1);
        assertThat(browser().get("/orders/" + paid.orderId() + "?t=" + paid.token()).body()).contains("Paiement contesté");
        Browser.Page console = admin(ADMIN, ADMIN_PASSWORD).get("/admin/orders/" + paid.orderId());
        assertThat(console.body()).contains("id=\"refund-panel\"").doesNotContain("id=\"refund-form\"");
    }

    @Test
    void cancellingFutureInstalmentsWithoutRefundKeepsWhatWasPaid() {
        Paid paid = paidInInstalments(9000);
        long orderAtHelloAsso = order(paid.orderId()).helloassoOrderId();

        RefundService.Outcome outcome = refunds.cancelInstalments(paid.orderId(), false, "Départ du club", "alice");

        assertThat(outcome.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(control().paymentIds(orderAtHelloAsso)).extracting(control()::paymentState)
                .containsExactly("Authorized", "Canceled", "Canceled");
        assertThat(events(paid, EventType.INSTALMENTS_CANCELLED)).containsExactly("");
        assertThatThrownBy(() -> refunds.cancelInstalments(paid.orderId(), false, null, "alice"))
                .isInstanceOfSatisfying(RefundException.class, e -> assertThat(e.code()).isEqualTo("no-instalments"));

        // what was paid (the first third) can still be refunded, and then nothing is left
        assertThat(refunds.refund(paid.orderId(), null, null, null, "alice").order().status())
                .isEqualTo(OrderStatus.REFUNDED);
        assertThat(ledger.committed(paid.orderId())).isEqualTo(3000);
        assertThat(events(paid, EventType.INSTALMENTS_CANCELLED)).hasSize(1);
    }

    @Test
    void cancellingFutureInstalmentsAndRefundingWhatWasPaidLeavesARefundedOrder() {
        Paid paid = paidInInstalments(9000);

        RefundService.Outcome outcome = refunds.cancelInstalments(paid.orderId(), true, "Stage annulé", "alice");

        assertThat(outcome.order().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(outcome.refundedNow()).isEqualTo(3000);
        assertThat(events(paid, EventType.INSTALMENTS_CANCELLED)).hasSize(1);
        assertThat(events(paid, EventType.ORDER_REFUNDED)).hasSize(1);
    }

    @Test
    void oneInstalmentCanBeRefundedOnItsOwn() {
        Paid paid = paidInInstalments(9000);
        long orderAtHelloAsso = order(paid.orderId()).helloassoOrderId();
        control().advanceClock(Duration.ofDays(1).plusHours(1)); // the second instalment falls due and is paid
        long second = control().paymentIds(orderAtHelloAsso).get(1);
        assertThat(control().paymentState(second)).isEqualTo("Authorized");

        RefundService.Outcome outcome = refunds.refund(paid.orderId(), second, null, "Absent en février", "alice");

        assertThat(outcome.refunds()).singleElement().satisfies(r -> {
            assertThat(r.paymentId()).isEqualTo(second);
            assertThat(r.amount()).isEqualTo(3000);
        });
        assertThat(outcome.order().status()).as("the third instalment is still due").isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
        assertThat(control().paymentState(paid.paymentId())).isEqualTo("Authorized");
        assertThatThrownBy(() -> refunds.refund(paid.orderId(), control().paymentIds(orderAtHelloAsso).get(2), null, null, "alice"))
                .isInstanceOfSatisfying(RefundException.class, e -> assertThat(e.code()).isEqualTo("payment-not-refundable"));
    }

    @Test
    void theLoggedInConsoleRefundsAndSaysWhatHappenedInPlainWords() {
        Paid paid = paid();
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        Browser.Page before = admin.get("/admin/orders/" + paid.orderId());
        assertThat(before.body()).contains("id=\"refund-form\"")
                .as("a single payment has no future instalment to cancel").doesNotContain("id=\"cancel-instalments-form\"");

        Browser.Page refunded = admin.post("/admin/orders/" + paid.orderId() + "/refunds",
                Browser.form("amount", "12,50", "reason", "Retard"));
        assertThat(refunded.status()).isEqualTo(303);
        assertThat(refunded.location()).endsWith("/admin/orders/" + paid.orderId());
        Browser.Page page = admin.follow(refunded);
        assertThat(page.body()).contains("Remboursement de 12,50").contains("Partiellement remboursée").contains("Retard");
        OffsetDateTime refundedAt = ledger.forOrder(paid.orderId()).getFirst().createdAt();
        String refundList = page.body().substring(page.body().indexOf("id=\"refund-list\""));
        assertThat(refundList.substring(0, refundList.indexOf("</table>")))
                .as("the refund's time in the association's zone, as every other time of the console")
                .contains(refundedAt.atZoneSameInstant(java.time.ZoneId.of("Europe/Paris"))
                        .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        assertThat(ledger.committed(paid.orderId())).isEqualTo(1250);
        assertThat(events(paid.orderId())).filteredOn(e -> e.action().equals("refund.requested")).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo(ADMIN));

        Browser.Page tooMuch = admin.follow(admin.post("/admin/orders/" + paid.orderId() + "/refunds",
                Browser.form("amount", "30")));
        assertThat(tooMuch.body()).contains("il reste au plus 27,50");
        Browser.Page notAnAmount = admin.follow(admin.post("/admin/orders/" + paid.orderId() + "/refunds",
                Browser.form("amount", "douze")));
        assertThat(notAnAmount.body()).contains("«\u00A0douze\u00A0» n’est pas un montant");
        assertThat(ledger.committed(paid.orderId())).isEqualTo(1250);

        Browser.Page settled = admin.follow(admin.post("/admin/orders/" + paid.orderId() + "/refunds/settle", Map.of()));
        assertThat(settled.body()).contains("Vérifié auprès de HelloAsso");
        Browser.Page noInstalments = admin.follow(admin.post(
                "/admin/orders/" + paid.orderId() + "/refunds/cancel-instalments", Map.of()));
        assertThat(noInstalments.body()).contains("plus d’échéance future");

        assertThat(admin.post("/admin/orders/00000000-0000-0000-0000-000000000000/refunds", Map.of()).status())
                .isEqualTo(404);
    }

    @Test
    void aViewerSeesTheRefundsButCannotRefundAndNobodyElseCanEither() {
        Paid paid = paid();
        succeeded(refunds.refund(paid.orderId(), null, 500, "Geste commercial", "alice"));
        Browser viewer = admin(VIEWER, VIEWER_PASSWORD);

        Browser.Page page = viewer.get("/admin/orders/" + paid.orderId());
        assertThat(page.body()).contains("id=\"refund-list\"").contains("Geste commercial")
                .doesNotContain("id=\"refund-form\"");
        assertThat(viewer.post("/admin/orders/" + paid.orderId() + "/refunds", Map.of()).status()).isEqualTo(403);
        Browser stranger = browser();
        assertThat(stranger.post("/admin/orders/" + paid.orderId() + "/refunds", Map.of()).status()).isIn(302, 401, 403);
        assertThat(ledger.committed(paid.orderId())).isEqualTo(500);
    }

    @Test
    void anUnpaidOrderCannotBeRefunded() {
        Placed placed = placeOrder(browser(), "atelier-initiation");
        assertThatThrownBy(() -> refunds.refund(placed.orderId(), null, null, null, "alice"))
                .isInstanceOfSatisfying(RefundException.class, e -> assertThat(e.code()).isEqualTo("not-paid"));
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        assertThat(admin.follow(admin.post("/admin/orders/" + placed.orderId() + "/refunds", Map.of())).body())
                .contains("Seule une commande payée peut être remboursée");
    }

    /** Every refund of the outcome succeeded; else says what HelloAsso answered. */
    private RefundService.Outcome succeeded(RefundService.Outcome outcome) {
        assertThat(outcome.allSucceeded()).as(() -> outcome.refunds().toString()).isTrue();
        return outcome;
    }
}
