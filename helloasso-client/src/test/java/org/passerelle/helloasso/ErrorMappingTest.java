package org.passerelle.helloasso;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.model.CheckoutIntentRequest;
import org.passerelle.helloasso.model.RefundRequest;

class ErrorMappingTest extends WireMockSupport {

    private static CheckoutIntentRequest checkout() {
        return CheckoutIntentRequest.builder().itemName("Adhésion").amount(1000)
                .backUrl("https://a.example/b").errorUrl("https://a.example/e").returnUrl("https://a.example/r")
                .build();
    }

    @Test
    void aBadRequestCarriesHelloAssosErrorList() {
        stubToken();
        server.stubFor(post(urlEqualTo("/v5/organizations/" + ORG + "/checkout-intents")).willReturn(aResponse()
                .withStatus(400).withBody("{\"errors\":[{\"code\":\"ArgumentInvalid\",\"message\":\"payer.email is invalid\"}]}")));

        assertThatThrownBy(() -> client.checkoutIntents().create(ORG, checkout()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.method()).isEqualTo("POST");
                    assertThat(e.path()).isEqualTo("/v5/organizations/" + ORG + "/checkout-intents");
                    assertThat(e.errors()).containsExactly(new ApiError("ArgumentInvalid", "payer.email is invalid"));
                    assertThat(e.responseBody()).contains("payer.email is invalid");
                    assertThat(e.getMessage()).contains("400", "payer.email is invalid").doesNotContain(ACCESS_TOKEN);
                });
    }

    @Test
    void aRefundErrorIsAConflictWithItsCode() {
        stubToken();
        server.stubFor(post(urlPathEqualTo("/v5/payments/42/refund"))
                .willReturn(aResponse().withStatus(409).withBody(fixture("refund-error.json"))));

        assertThatThrownBy(() -> client.payments().refund(42, RefundRequest.full()))
                .isExactlyInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).errors().getFirst().message()).startsWith("Code : 113"));
    }

    @Test
    void anMfaAnswerHasItsOwnException() {
        stubToken();
        server.stubFor(post(urlPathEqualTo("/v5/payments/42/refund")).willReturn(aResponse().withStatus(409).withBody(
                "{\"errors\":[{\"code\":\"AuthorizationErrors.MFA.AccessTokenRequired\",\"message\":\"MFA token not found\"}]}")));

        assertThatThrownBy(() -> client.payments().refund(42, RefundRequest.full()))
                .isInstanceOfSatisfying(MfaRequiredException.class,
                        e -> assertThat(e.code()).isEqualTo("AuthorizationErrors.MFA.AccessTokenRequired"));
    }

    @Test
    void forbiddenAndNotFoundAreDistinguished() {
        stubToken();
        server.stubFor(get(urlEqualTo("/v5/orders/1")).willReturn(aResponse().withStatus(403)));
        server.stubFor(get(urlEqualTo("/v5/orders/2")).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> client.orders().get(1)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> client.orders().get(2)).isInstanceOfSatisfying(NotFoundException.class,
                e -> assertThat(e.responseBody()).isEmpty());
    }

    @Test
    void aSignatureKeyInAnErrorBodyIsMaskedEverywhere() {
        stubToken();
        server.stubFor(put(urlEqualTo("/v5/partners/me/api-notifications")).willReturn(aResponse().withStatus(422)
                .withBody("{\"url\":\"https://a.example/n\",\"signatureKey\":\"KEY-THAT-MUST-NOT-LEAK\"}")));

        assertThatThrownBy(() -> client.notificationUrls().set("https://a.example/n", null))
                .isInstanceOfSatisfying(HelloAssoApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(422);
                    assertThat(e.responseBody()).doesNotContain("KEY-THAT-MUST-NOT-LEAK").contains("\"***\"");
                    assertThat(e.toString()).doesNotContain("KEY-THAT-MUST-NOT-LEAK");
                });
    }

    @Test
    void anUnreadableSuccessAnswerIsAClearError() {
        stubToken();
        server.stubFor(get(urlEqualTo("/v5/orders/3")).willReturn(json("<html>maintenance</html>")));

        assertThatThrownBy(() -> client.orders().get(3))
                .isInstanceOf(HelloAssoException.class)
                .hasMessageContaining("GET /v5/orders/3");
    }
}
