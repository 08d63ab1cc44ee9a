package org.passerelle.helloasso;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.model.CheckoutIntent;
import org.passerelle.helloasso.model.CheckoutIntentCreated;
import org.passerelle.helloasso.model.CheckoutIntentRequest;
import org.passerelle.helloasso.model.CheckoutPayer;
import org.passerelle.helloasso.model.CheckoutTerm;
import org.passerelle.helloasso.model.FormType;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentCashOutState;
import org.passerelle.helloasso.model.PaymentMeans;
import org.passerelle.helloasso.model.PaymentState;

class CheckoutIntentsTest extends WireMockSupport {

    private static CheckoutIntentRequest.Builder request() {
        return CheckoutIntentRequest.builder()
                .itemName("Stage d'escalade - printemps")
                .amount(4500)
                .backUrl("https://shop.example.org/back")
                .errorUrl("https://shop.example.org/error")
                .returnUrl("https://shop.example.org/return");
    }

    @Test
    void createsAnIntentWithTheExactBodyAndBearerToken() {
        stubToken();
        server.stubFor(post(urlEqualTo("/v5/organizations/" + ORG + "/checkout-intents"))
                .willReturn(json("{\"id\":90311,\"redirectUrl\":\"https://pay.example/abc\"}")));

        CheckoutIntentCreated created = client.checkoutIntents().create(ORG, request()
                .payer(new CheckoutPayer("Camille", "Martin", "camille@example.org", LocalDate.of(1990, 5, 17),
                        null, "Lyon", "69001", "fr", null))
                .metadata(Map.of("reference", "PSL-2026-0042"))
                .build());

        assertThat(created).isEqualTo(new CheckoutIntentCreated(90311, "https://pay.example/abc"));
        server.verify(postRequestedFor(urlEqualTo("/v5/organizations/" + ORG + "/checkout-intents"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"totalAmount":4500,"initialAmount":4500,"itemName":"Stage d'escalade - printemps",
                         "backUrl":"https://shop.example.org/back","errorUrl":"https://shop.example.org/error",
                         "returnUrl":"https://shop.example.org/return","containsDonation":false,"terms":[],
                         "payer":{"firstName":"Camille","lastName":"Martin","email":"camille@example.org",
                                  "dateOfBirth":"1990-05-17T00:00:00Z","city":"Lyon","zipCode":"69001","country":"FRA"},
                         "metadata":{"reference":"PSL-2026-0042"}}""")));
    }

    @Test
    void sendsTermDatesAndTheDateOfBirthAsDateTimesAtMidnightUtcAsTheSpecSays() {
        stubToken();
        server.stubFor(post(urlEqualTo("/v5/organizations/" + ORG + "/checkout-intents"))
                .willReturn(json("{\"id\":1,\"redirectUrl\":\"https://pay.example/x\"}")));

        client.checkoutIntents().create(ORG, request()
                .initialAmount(2000)
                .terms(new CheckoutTerm(2000, LocalDate.of(2026, 4, 1)), new CheckoutTerm(1000, LocalDate.of(2026, 5, 1)))
                .totalAmount(5000)
                .build());

        server.verify(postRequestedFor(urlEqualTo("/v5/organizations/" + ORG + "/checkout-intents"))
                .withRequestBody(equalToJson("""
                        {"totalAmount":5000,"initialAmount":2000,
                         "terms":[{"amount":2000,"date":"2026-04-01T00:00:00Z"},{"amount":1000,"date":"2026-05-01T00:00:00Z"}]}""",
                        true, true)));
    }

    @Test
    void readsBackAPaidIntentWithItsOrderIgnoringUnknownFields() {
        stubToken();
        server.stubFor(get(urlEqualTo("/v5/organizations/" + ORG + "/checkout-intents/90311"))
                .willReturn(json(fixture("checkout-intent-paid.json"))));

        CheckoutIntent intent = client.checkoutIntents().get(ORG, 90311);

        assertThat(intent.id()).isEqualTo(90311);
        assertThat(intent.metadata()).containsEntry("reference", "PSL-2026-0042").containsEntry("userId", 17);
        assertThat(intent.order().checkoutIntentId()).isEqualTo(90311L);
        assertThat(intent.order().organizationSlug()).isEqualTo(ORG);
        assertThat(intent.order().formType()).isEqualTo(FormType.CHECKOUT);
        assertThat(intent.order().amount().total()).isEqualTo(4500);
        Payment payment = intent.order().payments().getFirst();
        assertThat(payment.state()).isEqualTo(PaymentState.AUTHORIZED);
        assertThat(payment.amount()).isEqualTo(4500);
        assertThat(payment.paymentMeans()).isEqualTo(PaymentMeans.CARD);
        assertThat(payment.cashOutState()).isEqualTo(PaymentCashOutState.MONEY_IN);
        assertThat(payment.date()).isEqualTo(OffsetDateTime.parse("2026-03-01T11:04:55.3020839+01:00"));
        assertThat(payment.date().getOffset().getTotalSeconds()).isEqualTo(3600);
        assertThat(payment.items()).singleElement().satisfies(item -> assertThat(item.shareAmount()).isEqualTo(4500));
        assertThat(intent.order().items()).singleElement().satisfies(item -> assertThat(item.name())
                .isEqualTo("Stage d'escalade - printemps"));
    }

    @Test
    void anUnpaidIntentHasNoOrderAndUnknownEnumValuesDoNotBreakParsing() {
        stubToken();
        server.stubFor(get(urlEqualTo("/v5/organizations/" + ORG + "/checkout-intents/5"))
                .willReturn(json("{\"id\":5,\"redirectUrl\":\"https://pay.example/5\"}")));
        server.stubFor(get(urlEqualTo("/v5/payments/7")).willReturn(json(
                "{\"id\":7,\"amount\":100,\"state\":\"SomethingNew\",\"paymentMeans\":\"Crypto\",\"futureField\":{\"a\":1}}")));

        CheckoutIntent intent = client.checkoutIntents().get(ORG, 5);
        Payment payment = client.payments().get(7);

        assertThat(intent.order()).isNull();
        assertThat(intent.metadata()).isNull();
        assertThat(payment.state()).isEqualTo(PaymentState.UNKNOWN);
        assertThat(payment.paymentMeans()).isEqualTo(PaymentMeans.UNRECOGNIZED);
        assertThat(payment.refundOperations()).isEmpty();
    }

    @Test
    void refusesAnInvalidRequestBeforeSendingAnything() {
        assertThatThrownBy(() -> client.checkoutIntents().create(ORG, request().itemName("").build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("itemName");
        assertThatThrownBy(() -> client.checkoutIntents().create(ORG, request()
                .initialAmount(1000).terms(List.of(new CheckoutTerm(999, LocalDate.of(2026, 4, 1)))).totalAmount(2000)
                .build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("totalAmount"));

        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void productionRequiresHttpsReturnUrls() {
        HelloAssoClient production = HelloAssoClient.builder()
                .environment(HelloAssoEnvironment.PRODUCTION)
                .clientId(CLIENT_ID).clientSecret(CLIENT_SECRET)
                .transport(request -> {
                    throw new AssertionError("nothing may be sent: " + request);
                })
                .build();

        assertThatThrownBy(() -> production.checkoutIntents().create(ORG,
                request().returnUrl("http://shop.example.org/return").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("returnUrl"));
    }

    @Test
    void environmentsPutTheApiUnderV5AndTheTokenAtTheHostRoot() {
        assertThat(HelloAssoEnvironment.PRODUCTION.apiBase()).isEqualTo(URI.create("https://api.helloasso.com/v5"));
        assertThat(HelloAssoEnvironment.SANDBOX.tokenUrl())
                .isEqualTo(URI.create("https://api.helloasso-sandbox.com/oauth2/token"));
        assertThat(HelloAssoEnvironment.custom(URI.create("http://127.0.0.1:8081/")).apiBase())
                .isEqualTo(URI.create("http://127.0.0.1:8081/v5"));
        assertThat(HelloAssoEnvironment.PRODUCTION.isProduction()).isTrue();
        assertThat(HelloAssoEnvironment.SANDBOX.isProduction()).isFalse();
        server.verify(0, getRequestedFor(urlPathMatching(".*")));
    }
}
