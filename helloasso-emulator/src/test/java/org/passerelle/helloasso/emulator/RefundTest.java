package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class RefundTest {

    static HelloAssoEmulator emulator;
    Api api;

    @BeforeAll
    static void start() {
        emulator = HelloAssoEmulator.start(EmulatorConfig.builder().accessTokenTtl(Duration.ofDays(1)).build());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void fresh() {
        emulator.control().reset();
        api = new Api(emulator);
    }

    long paidPayment(int cents) {
        long orderId = emulator.control().pay(api.createIntent(Api.checkoutBody(cents)).get("id").asLong());
        return emulator.control().paymentIds(orderId).getFirst();
    }

    @Test
    void aFullRefundIsRefundingThenRefundedWhenTheClockMoves() {
        long paymentId = paidPayment(2500);

        Api.Reply reply = api.post("/v5/payments/" + paymentId + "/refund?comment=Annulation&sendRefundMail=false", null);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode op = reply.json();
        assertThat(op.get("amount").asInt()).isEqualTo(2500);
        assertThat(op.get("state").asString()).isEqualTo("Processing");
        assertThat(op.get("paymentId").asLong()).isEqualTo(paymentId);
        assertThat(op.get("sendRefundMail").asBoolean()).isFalse();
        JsonNode payment = api.get("/v5/payments/" + paymentId).json();
        assertThat(payment.get("state").asString()).isEqualTo("Refunding");
        assertThat(payment.get("refundOperations").get(0).get("status").asString()).isEqualTo("Processing");

        emulator.control().advanceClock(Duration.ofSeconds(10));

        payment = api.get("/v5/payments/" + paymentId).json();
        assertThat(payment.get("state").asString()).isEqualTo("Refunded");
        assertThat(payment.get("refundOperations").get(0).get("status").asString()).isEqualTo("Processed");
        assertThat(api.post("/v5/payments/" + paymentId + "/refund", null).status()).isEqualTo(409);
    }

    @Test
    void partialRefundsAddUpButNeverBeyondThePayment() {
        long paymentId = paidPayment(2000);

        assertThat(api.post("/v5/payments/" + paymentId + "/refund?amount=500", null).json().get("amount").asInt()).isEqualTo(500);
        assertThat(api.post("/v5/payments/" + paymentId + "/refund?amount=500", null).status())
                .as("a second refund while the first is processing").isEqualTo(409);
        emulator.control().advanceClock(Duration.ofSeconds(10));
        assertThat(emulator.control().paymentState(paymentId)).isEqualTo("Authorized");

        Api.Reply tooMuch = api.post("/v5/payments/" + paymentId + "/refund?amount=1501", null);
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.json().get("errors").get(0).get("message").asString()).contains("1500");

        assertThat(api.post("/v5/payments/" + paymentId + "/refund", null).json().get("amount").asInt())
                .as("a full refund takes what is left").isEqualTo(1500);
        emulator.control().advanceClock(Duration.ofSeconds(10));
        JsonNode payment = api.get("/v5/payments/" + paymentId).json();
        assertThat(payment.get("state").asString()).isEqualTo("Refunded");
        assertThat(payment.get("refundOperations")).hasSize(2);
    }

    @Test
    void refundErrorsUseHelloAssosNumberedCodes() {
        Api.Reply unknown = api.post("/v5/payments/999999/refund", null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("code").asString()).isEqualTo("Error");
        assertThat(unknown.json().get("errors").get(0).get("message").asString())
                .isEqualTo("Code : [101] - The payment specified is not found, payment id : '999999'");
        assertThat(api.post("/v5/payments/" + paidPayment(1000) + "/refund?amount=-5", null).status()).isEqualTo(400);

        long paymentId = paidPayment(1000);
        assertThat(api.post("/v5/payments/" + paymentId + "/refund?amount=300", null).status()).isEqualTo(200);
        Api.Reply processing = api.post("/v5/payments/" + paymentId + "/refund?amount=300", null);
        assertThat(processing.status()).isEqualTo(409);
        assertThat(processing.json().get("errors").get(0).get("message").asString()).startsWith("Code : [112] - ");
        long contested = paidPayment(1000);
        emulator.control().contest(contested);
        assertThat(api.post("/v5/payments/" + contested + "/refund", null).json().get("errors").get(0).get("message")
                .asString()).startsWith("Code : [113] - ");
    }

    @Test
    void eachMfaVariantIsSatisfiedByItsOwnHeaderOrCookieAndNotEnrolledByNothing() {
        long org = emulator.control().organizationId("passerelle-demo");
        String[][] variants = {
                {"AccessToken", "AuthorizationErrors.MFA.AccessTokenRequired", "x-mfa-access-authorization", "mfa-refund-" + org},
                {"OtpSms", "AuthorizationErrors.MFA.AccessOtpSmsRequired", "x-mfa-sms-access-authorization", "mfa-refund-" + org + "-otp-sms"},
                {"Password", "AuthorizationErrors.MFA.AccessPasswordTokenRequired", "x-mfa-password-authorization", "mfa-refund-" + org + "-pwd"}};
        for (String[] v : variants) {
            emulator.control().mfaForRefunds(v[0]);
            long byHeader = paidPayment(1000);
            Api.Reply asked = api.post("/v5/payments/" + byHeader + "/refund", null);
            assertThat(asked.status()).as(v[0]).isEqualTo(409);
            assertThat(asked.json().get("errors").get(0).get("code").asString()).isEqualTo(v[1]);
            String otherHeader = v[2].equals("x-mfa-access-authorization") ? "x-mfa-password-authorization" : "x-mfa-access-authorization";
            assertThat(refund(byHeader, otherHeader, "123456", null).status()).as(v[0] + " with another proof").isEqualTo(409);
            assertThat(refund(byHeader, v[2], "123456", null).status()).as(v[0] + " header").isEqualTo(200);
            long byCookie = paidPayment(1000);
            assertThat(refund(byCookie, null, null, v[3] + "=token-from-the-mfa-flow").status()).as(v[0] + " cookie").isEqualTo(200);
        }
        emulator.control().mfaForRefunds("NotEnrolled");
        Api.Reply notEnrolled = refund(paidPayment(1000), "x-mfa-access-authorization", "x", "mfa-refund-" + org + "=x");
        assertThat(notEnrolled.status()).isEqualTo(409);
        assertThat(notEnrolled.json().get("errors").get(0).get("code").asString()).isEqualTo("AuthorizationErrors.UserNotEnrolled");
        assertThat(notEnrolled.json().get("errors").get(0).get("message").asString()).isEqualTo("User " + org + " not enrolled");
    }

    private Api.Reply refund(long paymentId, String header, String value, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v5/payments/" + paymentId + "/refund"))
                .header("Authorization", "Bearer " + api.token()).POST(HttpRequest.BodyPublishers.noBody());
        if (header != null) {
            request.header(header, value);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return api.raw(request);
    }

    @Test
    void aRefundOperationCanFailAfterBeingAcceptedAndThenShowsOnlyWhenFailedOnesAreAsked() {
        long paymentId = paidPayment(2000);
        emulator.control().failNextRefundOperations(1);

        Api.Reply accepted = api.post("/v5/payments/" + paymentId + "/refund", null);
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.json().get("state").asString()).isEqualTo("Processing");
        assertThat(emulator.control().paymentState(paymentId)).isEqualTo("Refunding");

        emulator.control().advanceClock(Duration.ofSeconds(10));

        JsonNode payment = api.get("/v5/payments/" + paymentId).json();
        assertThat(payment.get("state").asString()).isEqualTo("Authorized");
        assertThat(payment.get("refundOperations")).isEmpty();
        JsonNode withFailed = api.get("/v5/payments/" + paymentId + "?withFailedRefundOperation=true").json();
        assertThat(withFailed.get("refundOperations").get(0).get("status").asString()).isEqualTo("Error");
        long intentId = api.get("/v5/payments/" + paymentId).json().get("order").get("checkoutIntentId").asLong();
        String intentPath = "/v5/organizations/passerelle-demo/checkout-intents/" + intentId;
        assertThat(api.get(intentPath).json().at("/order/payments/0/refundOperations")).isEmpty();
        assertThat(api.get(intentPath + "?withFailedRefundOperation=true").json().at("/order/payments/0/refundOperations/0/status")
                .asString()).isEqualTo("Error");
        assertThat(api.post("/v5/payments/" + paymentId + "/refund", null).status()).as("the money is still there to refund")
                .isEqualTo(200);
    }

    @Test
    void paymentsAreCashedOutSomeDaysLaterAndShowTheCashOut() {
        long paymentId = paidPayment(1000);
        assertThat(api.get("/v5/payments/" + paymentId).json().get("cashOutState").asString()).isEqualTo("MoneyIn");

        emulator.control().advanceClock(Duration.ofDays(7));
        api.useToken(null);

        JsonNode payment = api.get("/v5/payments/" + paymentId).json();
        assertThat(payment.get("cashOutState").asString()).isEqualTo("Transfered");
        assertThat(payment.get("idCashOut").asLong()).isPositive();
        assertThat(payment.get("cashOutDate").asString()).isNotBlank();
        long now = paidPayment(500);
        assertThat(emulator.control().cashOut()).isEqualTo(1);
        assertThat(api.get("/v5/payments/" + now).json().get("cashOutState").asString()).isEqualTo("Transfered");
        assertThat(api.post("/v5/payments/" + now + "/refund", null).status()).as("refundable after the cash-out").isEqualTo(200);
    }

    @Test
    void mfaModeAnswers409UntilTheHeaderIsSent() {
        long paymentId = paidPayment(1000);
        emulator.control().mfaRequiredForRefunds(true);

        Api.Reply refused = api.post("/v5/payments/" + paymentId + "/refund", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("errors").get(0).get("code").asString()).isEqualTo("AuthorizationErrors.MFA.AccessTokenRequired");

        Api.Reply accepted = api.raw(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v5/payments/" + paymentId + "/refund"))
                .header("Authorization", "Bearer " + api.token())
                .header("x-mfa-access-authorization", "mfa-token-from-the-user")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(accepted.status()).isEqualTo(200);
    }

    @Test
    void cancelTurnsFutureInstalmentsCanceledAndRefundsNothing() {
        ObjectNode body = Api.checkoutBody(3000);
        body.put("initialAmount", 1000);
        LocalDate today = LocalDate.ofInstant(emulator.control().now(), EmulatorClock.PARIS);
        var terms = body.putArray("terms");
        terms.addObject().put("amount", 1000).put("date", today.plusMonths(1) + "T00:00:00Z");
        terms.addObject().put("amount", 1000).put("date", today.plusMonths(2) + "T00:00:00Z");
        long orderId = emulator.control().pay(api.createIntent(body).get("id").asLong());

        Api.Reply cancel = api.post("/v5/orders/" + orderId + "/cancel", null);

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.body()).isEmpty();
        JsonNode payments = api.get("/v5/orders/" + orderId).json().get("payments");
        assertThat(payments.get(0).get("state").asString()).isEqualTo("Authorized");
        assertThat(payments.get(1).get("state").asString()).isEqualTo("Canceled");
        assertThat(payments.get(2).get("state").asString()).isEqualTo("Canceled");
        assertThat(api.post("/v5/orders/999999/cancel", null).status()).isEqualTo(404);
    }

    @Test
    void cancelOrderWithAPartialRefundIsRefused() {
        long paymentId = paidPayment(1000);
        assertThat(api.post("/v5/payments/" + paymentId + "/refund?amount=100&cancelOrder=true", null).status()).isEqualTo(400);
        assertThat(api.post("/v5/payments/" + paymentId + "/refund?cancelOrder=true", null).json().get("cancelOrder").asBoolean()).isTrue();
    }

    @Test
    void aRefundMadeInTheBackOfficeAsksNoMfaAndShowsInThePaymentLikeAnApiRefund() {
        long paymentId = paidPayment(3000);
        emulator.control().mfaRequiredForRefunds(true);

        long refundId = emulator.control().refundInBackOffice(paymentId, 1000);

        JsonNode payment = api.get("/v5/payments/" + paymentId).json();
        assertThat(payment.get("state").asString()).isEqualTo("Refunding");
        assertThat(payment.get("refundOperations").get(0).get("id").asLong()).isEqualTo(refundId);
        assertThat(payment.get("refundOperations").get(0).get("amount").asInt()).isEqualTo(1000);
        assertThat(api.post("/v5/payments/" + paymentId + "/refund", null).status()).as("the API still asks for MFA")
                .isEqualTo(409);
    }

    @Test
    void aLostAnswerStillRefundsWhileAPlainFaultRefundsNothing() {
        long lost = paidPayment(1500);
        long refused = paidPayment(1500);
        emulator.control().loseAnswerOfNext("payments.refund", 1, 504);
        assertThat(api.post("/v5/payments/" + lost + "/refund", null).status()).isEqualTo(504);
        emulator.control().failNext("payments.refund", 1, 503);
        assertThat(api.post("/v5/payments/" + refused + "/refund", null).status()).isEqualTo(503);

        assertThat(emulator.control().paymentState(lost)).isEqualTo("Refunding");
        assertThat(emulator.control().paymentState(refused)).isEqualTo("Authorized");
    }

    @Test
    void aContestedPaymentCannotBeRefunded() {
        long paymentId = paidPayment(1000);
        emulator.control().contest(paymentId);

        assertThat(api.get("/v5/payments/" + paymentId).json().get("state").asString()).isEqualTo("Contested");
        assertThat(api.post("/v5/payments/" + paymentId + "/refund", null).status()).isEqualTo(409);
    }

    @Test
    void bankValidationPaymentsWaitThenAreAuthorizedAndOnlyThenShowTheOrderOnTheIntent() {
        long intentId = api.createIntent(Api.checkoutBody(1000)).get("id").asLong();
        long orderId = emulator.control().payWithBankValidation(intentId);

        assertThat(api.get("/v5/orders/" + orderId).json().get("payments").get(0).get("state").asString())
                .isEqualTo("WaitingBankValidation");
        assertThat(api.get("/v5/organizations/passerelle-demo/checkout-intents/" + intentId).json().has("order")).isFalse();

        assertThat(emulator.control().settleBankValidations()).isEqualTo(1);

        JsonNode intent = api.get("/v5/organizations/passerelle-demo/checkout-intents/" + intentId).json();
        assertThat(intent.get("order").get("payments").get(0).get("state").asString()).isEqualTo("Authorized");
    }

    @Test
    void aBankCanRefuseAPaymentWaitingForItsValidationAndTheIntentStillShowsNoOrder() {
        long intentId = api.createIntent(Api.checkoutBody(1000)).get("id").asLong();
        long orderId = emulator.control().payWithBankValidation(intentId);

        assertThat(emulator.control().refuseBankValidations()).isEqualTo(1);

        assertThat(api.get("/v5/orders/" + orderId).json().get("payments").get(0).get("state").asString())
                .isEqualTo("Refused");
        assertThat(api.get("/v5/organizations/passerelle-demo/checkout-intents/" + intentId).json().has("order")).isFalse();
        assertThat(emulator.control().settleBankValidations()).as("nothing left waiting").isZero();
    }
}
