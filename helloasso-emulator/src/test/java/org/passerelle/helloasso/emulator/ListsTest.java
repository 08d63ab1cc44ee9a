package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class ListsTest {

    static HelloAssoEmulator emulator;
    Api api;
    List<Long> orderIds;

    @BeforeAll
    static void start() {
        emulator = HelloAssoEmulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** Five paid orders, one minute apart, and one unpaid intent. */
    @BeforeEach
    void fiveOrders() {
        emulator.control().reset();
        api = new Api(emulator);
        orderIds = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            long id = api.createIntent(Api.checkoutBody(1000 * i)).get("id").asLong();
            orderIds.add(emulator.control().pay(id));
            emulator.control().advanceClock(Duration.ofMinutes(1));
        }
        api.createIntent(Api.checkoutBody(700));
    }

    @Test
    void ordersComeNewestFirstByDefaultWithHelloAssosPaginationEnvelope() {
        JsonNode page = api.get("/v5/organizations/passerelle-demo/orders?pageSize=2").json();

        assertThat(ids(page)).containsExactly(orderIds.get(4), orderIds.get(3));
        JsonNode pagination = page.get("pagination");
        assertThat(pagination.get("pageSize").asInt()).isEqualTo(2);
        assertThat(pagination.get("totalCount").asInt()).isEqualTo(5);
        assertThat(pagination.get("pageIndex").asInt()).isEqualTo(1);
        assertThat(pagination.get("totalPages").asInt()).isEqualTo(3);
        assertThat(pagination.get("continuationToken").asString()).isNotBlank();
    }

    @Test
    void pageIndexAndContinuationTokenWalkThroughEveryOrderOnce() {
        List<Long> seen = new ArrayList<>();
        JsonNode page = api.get("/v5/organizations/passerelle-demo/orders?pageSize=2&sortOrder=Asc").json();
        seen.addAll(ids(page));
        page = api.get("/v5/organizations/passerelle-demo/orders?pageSize=2&sortOrder=Asc&continuationToken="
                + page.get("pagination").get("continuationToken").asString()).json();
        seen.addAll(ids(page));
        page = api.get("/v5/organizations/passerelle-demo/orders?pageSize=2&sortOrder=Asc&pageIndex=3").json();
        seen.addAll(ids(page));

        assertThat(seen).containsExactlyElementsOf(orderIds);
    }

    @Test
    void askingPastTheLastPageIsA500AsOnTheRealApi() {
        Api.Reply reply = api.get("/v5/organizations/passerelle-demo/orders?pageSize=2&pageIndex=4");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.json().get("errors")).isNotEmpty();
    }

    @Test
    void fromIsInclusiveToIsExclusiveAndFormTypesFilter() {
        JsonNode all = api.get("/v5/organizations/passerelle-demo/orders?sortOrder=Asc").json().get("data");
        String secondDate = all.get(1).get("date").asString();
        String fourthDate = all.get(3).get("date").asString();

        JsonNode window = api.get("/v5/organizations/passerelle-demo/orders?sortOrder=Asc&from=" + enc(secondDate)
                + "&to=" + enc(fourthDate)).json();
        assertThat(ids(window)).containsExactly(orderIds.get(1), orderIds.get(2));

        assertThat(ids(api.get("/v5/organizations/passerelle-demo/orders?formTypes=Event").json())).isEmpty();
        assertThat(ids(api.get("/v5/organizations/passerelle-demo/orders?formTypes=Event&formTypes=Checkout").json())).hasSize(5);
        assertThat(api.get("/v5/organizations/passerelle-demo/orders?formTypes=Nonsense").status()).isEqualTo(400);
    }

    @Test
    void paymentsFilterByStateAndSortByField() {
        long refunded = api.get("/v5/orders/" + orderIds.getFirst()).json().get("payments").get(0).get("id").asLong();
        assertThat(api.post("/v5/payments/" + refunded + "/refund", null).status()).isEqualTo(200);

        JsonNode refunding = api.get("/v5/organizations/passerelle-demo/payments?states=Refunding").json();
        assertThat(ids(refunding)).containsExactly(refunded);
        JsonNode authorized = api.get("/v5/organizations/passerelle-demo/payments?states=Authorized&sortField=UpdateDate&sortOrder=Asc").json();
        assertThat(authorized.get("data")).hasSize(4);
        assertThat(authorized.get("data").get(0).get("order").get("id").asLong()).isEqualTo(orderIds.get(1));
        assertThat(api.get("/v5/organizations/passerelle-demo/payments?states=Paid").status()).isEqualTo(400);
        assertThat(api.get("/v5/organizations/passerelle-demo/payments?sortField=Amount").status()).isEqualTo(400);
    }

    @Test
    void aPaymentOfTheListCarriesItsOrderPayerAndItem() {
        JsonNode payment = api.get("/v5/organizations/passerelle-demo/payments?pageSize=1").json().get("data").get(0);

        assertThat(payment.get("order").get("formType").asString()).isEqualTo("Checkout");
        assertThat(payment.get("payer").get("email").asString()).contains("@");
        assertThat(payment.get("items").get(0).get("shareAmount").asInt()).isEqualTo(payment.get("amount").asInt());
        assertThat(api.get("/v5/payments/" + payment.get("id").asLong()).json().get("id").asLong())
                .isEqualTo(payment.get("id").asLong());
    }

    @Test
    void badPaginationParametersAreA400() {
        assertThat(api.get("/v5/organizations/passerelle-demo/orders?pageSize=0").status()).isEqualTo(400);
        assertThat(api.get("/v5/organizations/passerelle-demo/orders?pageIndex=0").status()).isEqualTo(400);
        assertThat(api.get("/v5/organizations/passerelle-demo/orders?continuationToken=bm9wZQ").status()).isEqualTo(400);
        assertThat(api.get("/v5/organizations/passerelle-demo/orders?from=yesterday").status()).isEqualTo(400);
    }

    @Test
    void theFormScopedListsSeeTheCheckoutFormOnly() {
        assertThat(ids(api.get("/v5/organizations/passerelle-demo/forms/Checkout/default/orders").json())).hasSize(5);
        assertThat(ids(api.get("/v5/organizations/passerelle-demo/forms/Event/gala/payments").json())).isEmpty();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("data").forEach(n -> ids.add(n.get("id").asLong()));
        return ids;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void paymentListsComeAsCsvOrAsAnExcelSheetWhenAcceptAsksForThem() throws Exception {
        java.net.URI uri = java.net.URI.create(emulator.baseUrl() + "/v5/organizations/passerelle-demo/payments?pageSize=3");
        Api.Reply csv = api.raw(java.net.http.HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + api.token())
                .header("Accept", "text/csv"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        java.util.List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).contains("Id;Date;Amount;State");
        assertThat(lines.get(1)).contains(";50,00;Authorized;");

        java.net.http.HttpResponse<byte[]> xlsx = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + api.token())
                .header("Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        java.util.Map<String, String> parts = new java.util.HashMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(xlsx.body()))) {
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                parts.put(e.getName(), new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertThat(parts).containsKeys("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml");
        assertThat(parts.get("xl/worksheets/sheet1.xml")).contains("<row r=\"4\">").doesNotContain("<row r=\"5\">");

        assertThat(api.get("/v5/organizations/passerelle-demo/payments?pageSize=3").header("Content-Type")).startsWith("application/json");
    }
}
