package org.passerelle.helloasso;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.model.FormType;
import org.passerelle.helloasso.model.Order;
import org.passerelle.helloasso.model.OrderListParams;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentListParams;
import org.passerelle.helloasso.model.PaymentState;
import org.passerelle.helloasso.model.SortField;
import org.passerelle.helloasso.model.SortOrder;

class PaginationTest extends WireMockSupport {
    private static final String ORDERS = "/v5/organizations/" + ORG + "/orders";
    private static final String PAYMENTS = "/v5/organizations/" + ORG + "/payments";

    private static String ordersPage(int pageIndex, int totalPages, String continuationToken, int... ids) {
        String data = IntStream.of(ids).mapToObj(id -> "{\"id\":" + id + ",\"formType\":\"Checkout\"}")
                .collect(Collectors.joining(","));
        return """
                {"data":[%s],"pagination":{"pageSize":2,"totalCount":5,"pageIndex":%d,"totalPages":%d,"continuationToken":%s}}"""
                .formatted(data, pageIndex, totalPages, continuationToken == null ? "null" : "\"" + continuationToken + "\"");
    }

    /** Three pages of orders; anything past the third answers 500, as HelloAsso does. */
    private void stubThreeOrderPages() {
        stubToken();
        server.stubFor(get(urlPathEqualTo(ORDERS)).atPriority(9).willReturn(aResponse().withStatus(500)));
        server.stubFor(get(urlPathEqualTo(ORDERS)).withQueryParam("continuationToken", absent())
                .willReturn(json(ordersPage(1, 3, "t2", 1, 2))));
        server.stubFor(get(urlPathEqualTo(ORDERS)).withQueryParam("continuationToken", equalTo("t2"))
                .willReturn(json(ordersPage(2, 3, "t3", 3, 4))));
        server.stubFor(get(urlPathEqualTo(ORDERS)).withQueryParam("continuationToken", equalTo("t3"))
                .willReturn(json(ordersPage(3, 3, "t4", 5))));
    }

    @Test
    void autoPagingReadsEveryPageAndNeverAsksPastTheLast() {
        stubThreeOrderPages();
        OrderListParams params = OrderListParams.builder()
                .from(OffsetDateTime.parse("2026-01-01T00:00:00+01:00"))
                .formTypes(FormType.CHECKOUT)
                .sortOrder(SortOrder.ASC)
                .pageSize(2)
                .build();

        List<Long> ids = new ArrayList<>();
        for (Order order : client.orders().list(ORG, params).autoPaging()) {
            ids.add(order.id());
        }

        assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L);
        server.verify(3, getRequestedFor(urlPathEqualTo(ORDERS)));
        server.verify(0, getRequestedFor(urlPathEqualTo(ORDERS)).withQueryParam("continuationToken", equalTo("t4")));
        // Every page repeats the filters, with the '+' of the offset encoded.
        server.verify(3, getRequestedFor(urlPathEqualTo(ORDERS))
                .withQueryParam("from", equalTo("2026-01-01T00:00:00+01:00"))
                .withQueryParam("formTypes", equalTo("Checkout"))
                .withQueryParam("sortOrder", equalTo("Asc"))
                .withQueryParam("pageSize", equalTo("2")));
    }

    @Test
    void pagesAreFetchedOnlyWhenIterationReachesThem() {
        stubThreeOrderPages();

        List<Order> firstThree = client.orders().list(ORG, OrderListParams.none()).stream().limit(3).toList();

        assertThat(firstThree).extracting(Order::id).containsExactly(1L, 2L, 3L);
        server.verify(2, getRequestedFor(urlPathEqualTo(ORDERS)));
    }

    @Test
    void theLastPageSaysSo() {
        stubThreeOrderPages();

        Page<Order> third = client.orders().list(ORG, null).nextPage().nextPage();

        assertThat(third.data()).extracting(Order::id).containsExactly(5L);
        assertThat(third.hasNextPage()).isFalse();
        assertThatThrownBy(third::nextPage).isInstanceOf(NoSuchElementException.class);
        server.verify(3, getRequestedFor(urlPathEqualTo(ORDERS)));
    }

    @Test
    void anEmptyFirstPageEndsIteration() {
        stubToken();
        server.stubFor(get(urlPathEqualTo(PAYMENTS)).willReturn(json(
                "{\"data\":[],\"pagination\":{\"pageSize\":20,\"totalCount\":0,\"pageIndex\":1,\"totalPages\":0,\"continuationToken\":\"x\"}}")));

        assertThat(client.payments().list(ORG, null).stream()).isEmpty();
        server.verify(1, getRequestedFor(urlPathEqualTo(PAYMENTS)));
    }

    @Test
    void paymentFiltersAreSentWithWireValuesAndRepeatedStates() {
        stubToken();
        server.stubFor(get(urlPathEqualTo(PAYMENTS)).willReturn(json(
                "{\"data\":[{\"id\":9,\"amount\":100,\"state\":\"Refunded\"}],\"pagination\":{\"pageSize\":20,\"totalCount\":1,\"pageIndex\":1,\"totalPages\":1}}")));

        Page<Payment> page = client.payments().list(ORG, PaymentListParams.builder()
                .states(PaymentState.AUTHORIZED, PaymentState.REFUNDED)
                .sortField(SortField.UPDATE_DATE)
                .sortOrder(SortOrder.DESC)
                .build());

        assertThat(page.data()).extracting(Payment::state).containsExactly(PaymentState.REFUNDED);
        assertThat(page.hasNextPage()).isFalse();
        server.verify(getRequestedFor(urlPathEqualTo(PAYMENTS))
                .withQueryParam("states", equalTo("Authorized"))
                .withQueryParam("states", equalTo("Refunded"))
                .withQueryParam("sortField", equalTo("UpdateDate"))
                .withQueryParam("sortOrder", equalTo("Desc")));
        assertThat(server.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().startsWith(PAYMENTS))
                .findFirst().orElseThrow().getRequest().getUrl())
                .contains("states=Authorized&states=Refunded");
    }
}
