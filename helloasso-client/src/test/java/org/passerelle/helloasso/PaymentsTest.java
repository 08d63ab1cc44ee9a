package org.passerelle.helloasso;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.model.OperationState;
import org.passerelle.helloasso.model.RefundRequest;
import org.passerelle.helloasso.model.RefundResult;

class PaymentsTest extends WireMockSupport {
    private static final String REFUND = "/v5/payments/42/refund";
    private static final String REFUND_ANSWER = """
            {"id":301,"amount":1000,"cancelOrder":true,"creationDate":"2026-03-02T09:00:00+01:00",
             "state":"Processed","sendRefundMail":false,"paymentId":42}""";

    @Test
    void aFullRefundSendsItsArgumentsAsQueryParametersWithoutAmountOrBody() {
        stubToken();
        server.stubFor(post(urlPathEqualTo(REFUND)).willReturn(json(REFUND_ANSWER)));

        RefundResult result = client.payments().refund(42, RefundRequest.full()
                .withComment("Annulation du stage").withCancelOrder(true).withSendRefundMail(false));

        assertThat(result.id()).isEqualTo(301);
        assertThat(result.paymentId()).isEqualTo(42);
        assertThat(result.state()).isEqualTo(OperationState.PROCESSED);
        server.verify(postRequestedFor(urlPathEqualTo(REFUND))
                .withQueryParam("comment", equalTo("Annulation du stage"))
                .withQueryParam("cancelOrder", equalTo("true"))
                .withQueryParam("sendRefundMail", equalTo("false"))
                .withQueryParam("amount", absent())
                .withHeader("Content-Type", absent()));
    }

    @Test
    void aPartialRefundSendsTheAmountInCents() {
        stubToken();
        server.stubFor(post(urlPathEqualTo(REFUND)).willReturn(json(REFUND_ANSWER)));

        client.payments().refund(42, RefundRequest.partial(250));

        server.verify(postRequestedFor(urlPathEqualTo(REFUND)).withQueryParam("amount", equalTo("250")));
    }

    @Test
    void invalidRefundsAreRefusedBeforeSending() {
        assertThatThrownBy(() -> client.payments().refund(42, RefundRequest.partial(0)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("amount"));
        assertThatThrownBy(() -> client.payments().refund(42, RefundRequest.partial(100).withCancelOrder(true)))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("cancelOrder"));
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void cancellingAnOrderPostsOnceAndReadsNoBody() {
        stubToken();
        server.stubFor(post(urlEqualTo("/v5/orders/77/cancel")).willReturn(aResponse().withStatus(200)));

        client.orders().cancel(77);

        server.verify(1, postRequestedFor(urlEqualTo("/v5/orders/77/cancel")));
    }

    @Test
    void pathParametersAreEncodedSoASlugCannotEscapeItsSegment() {
        stubToken();
        server.stubFor(post(urlPathEqualTo("/v5/organizations/a%2F..%2Fb/checkout-intents"))
                .willReturn(json("{\"id\":1}")));

        client.checkoutIntents().create("a/../b", org.passerelle.helloasso.model.CheckoutIntentRequest.builder()
                .itemName("x").amount(100)
                .backUrl("https://a.example/b").errorUrl("https://a.example/e").returnUrl("https://a.example/r")
                .build());

        server.verify(1, postRequestedFor(urlPathEqualTo("/v5/organizations/a%2F..%2Fb/checkout-intents")));
    }
}
