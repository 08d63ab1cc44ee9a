package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.passerelle.helloasso.AuthenticationException;
import org.passerelle.helloasso.BadRequestException;
import org.passerelle.helloasso.ConflictException;
import org.passerelle.helloasso.ForbiddenException;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.HelloAssoEnvironment;
import org.passerelle.helloasso.MfaRequiredException;
import org.passerelle.helloasso.NotFoundException;
import org.passerelle.helloasso.Page;
import org.passerelle.helloasso.RateLimitedException;
import org.passerelle.helloasso.contract.HelloAssoContract;
import org.passerelle.helloasso.ServerErrorException;
import org.passerelle.helloasso.model.CheckoutIntent;
import org.passerelle.helloasso.model.CheckoutIntentCreated;
import org.passerelle.helloasso.model.CheckoutIntentRequest;
import org.passerelle.helloasso.model.CheckoutPayer;
import org.passerelle.helloasso.model.CheckoutTerm;
import org.passerelle.helloasso.model.FormType;
import org.passerelle.helloasso.model.NotificationType;
import org.passerelle.helloasso.model.NotificationUrl;
import org.passerelle.helloasso.model.OperationState;
import org.passerelle.helloasso.model.Order;
import org.passerelle.helloasso.model.OrderListParams;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentListParams;
import org.passerelle.helloasso.model.PaymentState;
import org.passerelle.helloasso.model.RefundRequest;
import org.passerelle.helloasso.model.RefundResult;
import org.passerelle.helloasso.model.SortField;
import org.passerelle.helloasso.model.SortOrder;
import org.passerelle.helloasso.notification.HelloAssoNotifications;
import org.passerelle.helloasso.notification.Notification;
import org.passerelle.helloasso.notification.NotificationSignature;
import org.passerelle.helloasso.notification.OrderNotification;
import org.passerelle.helloasso.notification.PaymentNotification;

import com.sun.net.httpserver.HttpServer;

/**
 * Every operation of the real helloasso-client, over HTTP, against the emulator; every request the client sends, every
 * answer and every notification the emulator produces is held to HelloAsso's OpenAPI spec by a real validator.
 */
class ClientAgainstEmulatorTest {

    static final HelloAssoContract CONTRACT = HelloAssoContract.open();
    static final ContractObserver OBSERVER = new ContractObserver(CONTRACT);

    @RegisterExtension
    static HelloAssoEmulatorExtension helloAsso = new HelloAssoEmulatorExtension(EmulatorConfig.builder()
            .addClient("reader-id", "reader-secret", "AccessTransactions")
            .notificationRetryBackoff(Duration.ofMillis(50))
            .build());

    HelloAssoEmulator emulator;
    HelloAssoClient client;
    final List<String> sleeps = new CopyOnWriteArrayList<>();

    @AfterEach
    void everyExchangeFollowedTheSpec() {
        CONTRACT.assertNoViolations();
    }

    /** The figure the build holds: each of the 13 API operations the client uses went through the validator. */
    @AfterAll
    static void everyOperationOfTheClientWasChecked() {
        System.out.println(CONTRACT.summary());
        if (CONTRACT.enabled()) {
            assertThat(CONTRACT.validated().keySet()).containsAll(List.of(
                    "POST /organizations/{organizationSlug}/checkout-intents",
                    "GET /organizations/{organizationSlug}/checkout-intents/{checkoutIntentId}",
                    "GET /orders/{orderId}", "GET /organizations/{organizationSlug}/orders", "POST /orders/{orderId}/cancel",
                    "GET /payments/{paymentId}", "GET /organizations/{organizationSlug}/payments",
                    "POST /payments/{paymentId}/refund", "PUT /partners/me/api-notifications",
                    "PUT /partners/me/api-notifications/organizations/{organizationSlug}",
                    "DELETE /partners/me/api-notifications",
                    "DELETE /partners/me/api-notifications/organizations/{organizationSlug}", "GET /partners/me",
                    "notification Payment", "notification Order"));
        }
    }

    @BeforeEach
    void client() {
        emulator = helloAsso.emulator();
        emulator.control().stopObserving(OBSERVER).observe(OBSERVER);
        client = clientFor(emulator.clientId(), emulator.clientSecret());
    }

    HelloAssoClient clientFor(String id, String secret) {
        return HelloAssoClient.builder()
                .environment(HelloAssoEnvironment.custom(emulator.baseUrl()))
                .clientId(id).clientSecret(secret)
                .clock(emulatorClock())
                .sleeper(d -> sleeps.add(d.toString()))
                .maxRetries(2)
                .build();
    }

    /** The client sees the emulator's time, so advancing it ages the client's token as well. */
    java.time.Clock emulatorClock() {
        EmulatorControl control = emulator.control();
        return new java.time.Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public java.time.Instant instant() { return control.now(); }
        };
    }

    static CheckoutIntentRequest.Builder request(int cents) {
        return CheckoutIntentRequest.builder()
                .itemName("Adhésion 2026")
                .amount(cents)
                .backUrl("http://127.0.0.1:1/back")
                .errorUrl("http://127.0.0.1:1/error")
                .returnUrl("http://127.0.0.1:1/return?order=7")
                .containsDonation(false)
                .metadata(Map.of("reference", "ORDER-7"));
    }

    long paidOrder(int cents) {
        CheckoutIntentCreated created = client.checkoutIntents().create("passerelle-demo", request(cents).build());
        return emulator.control().pay(created.id());
    }

    // ---- checkout intents -------------------------------------------------------------------------------------

    @Test
    void createsReadsAndAfterPaymentSeesTheAuthorizedOrder() {
        CheckoutIntentCreated created = client.checkoutIntents().create("passerelle-demo", request(1250).build());
        assertThat(created.redirectUrl()).startsWith(emulator.baseUrl() + "/associations/passerelle-demo/checkout/");

        CheckoutIntent before = client.checkoutIntents().get("passerelle-demo", created.id());
        assertThat(before.order()).isNull();
        assertThat(before.metadata()).containsEntry("reference", "ORDER-7");

        long orderId = emulator.control().pay(created.id());

        CheckoutIntent after = client.checkoutIntents().get("passerelle-demo", created.id());
        assertThat(after.order().id()).isEqualTo(orderId);
        assertThat(after.order().checkoutIntentId()).isEqualTo(created.id());
        assertThat(after.order().formType()).isEqualTo(FormType.CHECKOUT);
        assertThat(after.order().amount().total()).isEqualTo(1250);
        assertThat(after.order().payments()).singleElement().satisfies(p -> {
            assertThat(p.state()).isEqualTo(PaymentState.AUTHORIZED);
            assertThat(p.amount()).isEqualTo(1250);
        });
    }

    @Test
    void instalmentsArriveAsPendingPayments() {
        LocalDate today = LocalDate.ofInstant(emulator.control().now(), EmulatorClock.PARIS);
        CheckoutIntentRequest req = request(0).totalAmount(3000).initialAmount(1000)
                .terms(new CheckoutTerm(1000, today.plusMonths(1)), new CheckoutTerm(1000, today.plusMonths(2))).build();
        long orderId = emulator.control().pay(client.checkoutIntents().create("passerelle-demo", req).id());

        Order order = client.orders().get(orderId);

        assertThat(order.payments()).extracting(Payment::state)
                .containsExactly(PaymentState.AUTHORIZED, PaymentState.PENDING, PaymentState.PENDING);
        assertThat(order.payments().get(1).date().toLocalDate()).isEqualTo(today.plusMonths(1));
    }

    @Test
    void aPayerHelloAssoRefusesIsABadRequestAndTheRequestWorksWithoutPayer() {
        CheckoutIntentRequest withPayer = request(1000)
                .payer(new CheckoutPayer("Test", "Test", "test@example.org", null, null, null, null, "FRA", null)).build();

        assertThatThrownBy(() -> client.checkoutIntents().create("passerelle-demo", withPayer))
                .isInstanceOfSatisfying(BadRequestException.class, e ->
                        assertThat(e.errors()).anySatisfy(err -> assertThat(err.code()).startsWith("payer.")));

        assertThat(client.checkoutIntents().create("passerelle-demo", withPayer.withoutPayer()).id()).isPositive();
    }

    // ---- orders and payments ----------------------------------------------------------------------------------

    @Test
    void listsOrdersPageByPageAndFilters() {
        for (int i = 0; i < 5; i++) {
            paidOrder(1000 + i);
            emulator.control().advanceClock(Duration.ofMinutes(1));
        }

        Page<Order> first = client.orders().list("passerelle-demo", OrderListParams.builder().pageSize(2).sortOrder(SortOrder.ASC).build());
        assertThat(first.data()).hasSize(2);
        assertThat(first.pagination().totalCount()).isEqualTo(5);
        assertThat(first.stream().map(o -> o.amount().total()).toList()).containsExactly(1000, 1001, 1002, 1003, 1004);

        OffsetDateTime from = first.data().get(1).date();
        assertThat(client.orders().list("passerelle-demo", OrderListParams.builder().from(from).formTypes(FormType.CHECKOUT).build())
                .data()).hasSize(4);
        assertThat(client.orders().list("passerelle-demo", OrderListParams.builder().formTypes(FormType.EVENT).build()).data()).isEmpty();
    }

    @Test
    void getsAndListsPayments() {
        long orderId = paidOrder(1500);
        long paymentId = emulator.control().paymentIds(orderId).getFirst();

        Payment payment = client.payments().get(paymentId);
        assertThat(payment.state()).isEqualTo(PaymentState.AUTHORIZED);
        assertThat(payment.order().id()).isEqualTo(orderId);
        assertThat(payment.paymentReceiptUrl()).endsWith("/paiement-attestation/" + orderId);

        Page<Payment> authorized = client.payments().list("passerelle-demo", PaymentListParams.builder()
                .states(PaymentState.AUTHORIZED).sortField(SortField.UPDATE_DATE).sortOrder(SortOrder.DESC).pageSize(10).build());
        assertThat(authorized.data()).extracting(Payment::id).containsExactly(paymentId);
        assertThat(client.payments().list("passerelle-demo", PaymentListParams.builder().states(PaymentState.REFUNDED).build()).data()).isEmpty();
    }

    @Test
    void cancelsFutureInstalments() {
        LocalDate today = LocalDate.ofInstant(emulator.control().now(), EmulatorClock.PARIS);
        CheckoutIntentRequest req = request(0).totalAmount(2000).initialAmount(1000)
                .terms(new CheckoutTerm(1000, today.plusMonths(1))).build();
        long orderId = emulator.control().pay(client.checkoutIntents().create("passerelle-demo", req).id());

        client.orders().cancel(orderId);

        assertThat(client.orders().get(orderId).payments()).extracting(Payment::state)
                .containsExactly(PaymentState.AUTHORIZED, PaymentState.CANCELED);
    }

    @Test
    void refundsFullyAndPartiallyAndRefusesTooMuch() {
        long paymentId = emulator.control().paymentIds(paidOrder(2000)).getFirst();

        RefundResult partial = client.payments().refund(paymentId, RefundRequest.partial(500).withComment("geste"));
        assertThat(partial.amount()).isEqualTo(500);
        assertThat(partial.state()).isEqualTo(OperationState.PROCESSING);
        emulator.control().advanceClock(Duration.ofSeconds(10));

        assertThatThrownBy(() -> client.payments().refund(paymentId, RefundRequest.partial(1600)))
                .isInstanceOf(BadRequestException.class);
        assertThat(client.payments().refund(paymentId, RefundRequest.full()).amount()).isEqualTo(1500);
        emulator.control().advanceClock(Duration.ofSeconds(10));
        Payment refunded = client.payments().get(paymentId);
        assertThat(refunded.state()).isEqualTo(PaymentState.REFUNDED);
        assertThat(refunded.refundOperations()).hasSize(2);
        assertThatThrownBy(() -> client.payments().refund(paymentId, RefundRequest.full())).isInstanceOf(ConflictException.class);
    }

    @Test
    void aRefundThatFailsAfterBeingAcceptedShowsOnlyWhenFailedOperationsAreAsked() {
        long orderId = paidOrder(2000);
        long paymentId = emulator.control().paymentIds(orderId).getFirst();
        emulator.control().failNextRefundOperations(1);

        assertThat(client.payments().refund(paymentId, RefundRequest.full()).state()).isEqualTo(OperationState.PROCESSING);
        emulator.control().advanceClock(Duration.ofSeconds(10));

        assertThat(client.payments().get(paymentId).refundOperations()).isEmpty();
        assertThat(client.payments().get(paymentId).state()).isEqualTo(PaymentState.AUTHORIZED);
        assertThat(client.payments().get(paymentId, true).refundOperations()).singleElement()
                .satisfies(op -> assertThat(op.status()).isEqualTo(OperationState.ERROR));
        long intentId = client.orders().get(orderId).checkoutIntentId();
        assertThat(client.checkoutIntents().get("passerelle-demo", intentId, true).order().payments().getFirst()
                .refundOperations()).extracting(op -> op.status()).containsExactly(OperationState.ERROR);
    }

    @Test
    void mfaRequiredIsItsOwnException() {
        long paymentId = emulator.control().paymentIds(paidOrder(2000)).getFirst();
        emulator.control().mfaRequiredForRefunds(true);

        assertThatThrownBy(() -> client.payments().refund(paymentId, RefundRequest.full()))
                .isInstanceOfSatisfying(MfaRequiredException.class,
                        e -> assertThat(e.code()).isEqualTo("AuthorizationErrors.MFA.AccessTokenRequired"));
    }

    // ---- notifications ----------------------------------------------------------------------------------------

    HttpServer receiver;
    final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    final List<String> signatures = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    String startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                bodies.add(in.readAllBytes());
                signatures.add(exchange.getRequestHeaders().getFirst(NotificationSignature.HEADER));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/helloasso";
    }

    @Test
    void setsListsAndDeletesNotificationUrlsAndParsesTheSignedNotifications() throws IOException {
        String url = startReceiver();
        NotificationUrl registered = client.notificationUrls().set(url, null);
        assertThat(registered.signatureKey()).hasSize(64);
        NotificationUrl orgOnly = client.notificationUrls().setForOrganization("passerelle-demo", url + "/orders", NotificationType.ORDER);
        assertThat(orgOnly.apiNotificationType()).isEqualTo(NotificationType.ORDER);
        assertThat(client.notificationUrls().list()).extracting(NotificationUrl::url).containsExactly(url);

        long orderId = paidOrder(1800);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> bodies.size() == 3);
        for (int i = 0; i < bodies.size(); i++) {
            String key = signatures.get(i) != null && NotificationSignature.verify(bodies.get(i), signatures.get(i), registered.signatureKey())
                    ? registered.signatureKey() : orgOnly.signatureKey();
            assertThat(NotificationSignature.verify(bodies.get(i), signatures.get(i), key)).isTrue();
        }
        List<Notification> parsed = bodies.stream().map(HelloAssoNotifications::parse).toList();
        assertThat(parsed).filteredOn(PaymentNotification.class::isInstance).singleElement()
                .satisfies(n -> {
                    PaymentNotification p = (PaymentNotification) n;
                    assertThat(p.data().state()).isEqualTo(PaymentState.AUTHORIZED);
                    assertThat(p.metadata()).containsEntry("reference", "ORDER-7");
                });
        assertThat(parsed).filteredOn(OrderNotification.class::isInstance).hasSize(2)
                .allSatisfy(n -> assertThat(((OrderNotification) n).data().id()).isEqualTo(orderId));

        client.notificationUrls().delete(null);
        client.notificationUrls().deleteForOrganization("passerelle-demo", NotificationType.ORDER);
        assertThat(client.notificationUrls().list()).isEmpty();
    }

    // ---- authentication and failures --------------------------------------------------------------------------

    @Test
    void badCredentialsAndMissingPrivilegesAreReported() {
        assertThatThrownBy(() -> clientFor("emulator-client-id", "wrong").orders().get(1))
                .isInstanceOf(AuthenticationException.class).hasMessageNotContaining("wrong");
        assertThatThrownBy(() -> clientFor("reader-id", "reader-secret").checkoutIntents()
                .create("passerelle-demo", request(1000).build())).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> client.orders().get(999_999)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anExpiredTokenIsRenewedWithoutTheCallerNoticing() {
        long orderId = paidOrder(1000);
        client.orders().get(orderId);

        emulator.control().advanceClock(Duration.ofMinutes(31));

        assertThat(client.orders().get(orderId).id()).isEqualTo(orderId);
        assertThat(emulator.control().callCount("token")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void getsAreRetriedOnServerErrorsButPostsAreNot() {
        long orderId = paidOrder(1000);
        emulator.control().failNext("orders.get", 1, 503);
        assertThat(client.orders().get(orderId).id()).isEqualTo(orderId);
        assertThat(emulator.control().callCount("orders.get")).isEqualTo(2);

        emulator.control().failNext("checkoutIntents.create", 1, 500);
        assertThatThrownBy(() -> client.checkoutIntents().create("passerelle-demo", request(1000).build()))
                .isInstanceOf(ServerErrorException.class);
        assertThat(emulator.control().callCount("checkoutIntents.create")).isEqualTo(2); // paidOrder's + the failed one
    }

    @Test
    void rateLimitsCarryRetryAfter() {
        emulator.control().rateLimitNext("payments.refund", 1, Duration.ofSeconds(4));
        long paymentId = emulator.control().paymentIds(paidOrder(1000)).getFirst();

        assertThatThrownBy(() -> client.payments().refund(paymentId, RefundRequest.full()))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(4)));
    }
}
