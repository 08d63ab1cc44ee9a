package org.passerelle.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.ApiClient.Response;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.FirstRequestProbe;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/** The REST API as a host application sees it, over HTTP against the running gateway and the emulator. */
class ApiIT extends GatewayTestSupport {

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    PaymentVerifier verifier;

    private ApiClient api() {
        return new ApiClient(port, CONFIGURED_API_KEY);
    }

    private ApiClient newKey() {
        return new ApiClient(port, apiKeys.create("host " + UUID.randomUUID(), "test").secret());
    }

    private static String ref() {
        return "ref-" + UUID.randomUUID();
    }

    @SuppressWarnings("unchecked")
    @Test
    void aMissingOrWrongKeyIsA401ProblemAndTheDescriptionIsPublic() {
        for (ApiClient client : List.of(new ApiClient(port, null), new ApiClient(port, "not-a-key-0123456789abcdef"))) {
            Response answer = client.post("/api/v1/orders", ApiClient.order(ref(), 1500));
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(answer.body().get("code").asString()).isEqualTo("unauthorized");
            assertThat(answer.body().get("title").asString()).isNotBlank();
        }
        ApiKeys.CreatedKey revoked = apiKeys.create("revoked", "test");
        assertThat(apiKeys.revoke(revoked.id(), "test")).isTrue();
        assertThat(new ApiClient(port, revoked.secret()).get("/api/v1/orders").status()).isEqualTo(401);

        Response description = new ApiClient(port, null).get("/api/v1/openapi.yaml");
        assertThat(description.status()).isEqualTo(200);
        Map<String, Object> openApi = new org.yaml.snakeyaml.Yaml().load(description.raw().body());
        assertThat(openApi.get("openapi")).isEqualTo("3.1.0");
        assertThat(((Map<String, Object>) openApi.get("paths")).keySet())
                .containsExactlyInAnyOrder("/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/orders/{id}/cancel",
                        "/api/v1/orders/{id}/refunds", "/api/v1/key", "/api/v1/webhook-endpoints");
    }

    @Test
    void createReturnsTheOrderWithLongLivedLinksAndAKeySeesOnlyItsOwn() {
        String reference = ref();
        Response created = api().post("/api/v1/orders", ApiClient.order(reference, 4500));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String id = created.body().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/orders/" + id);
        assertThat(created.body().get("status").asString()).isEqualTo("CREATED");
        assertThat(created.body().get("amount").asInt()).isEqualTo(4500);
        assertThat(created.body().get("currency").asString()).isEqualTo("EUR");
        assertThat(created.body().get("reference").asString()).isEqualTo(reference);
        assertThat(created.body().get("metadata").get("courseId").asInt()).isEqualTo(42);
        assertThat(created.body().get("payer").get("email").asString()).isEqualTo("marie.curie@example.org");
        String checkoutUrl = created.body().get("checkoutUrl").asString();
        assertThat(checkoutUrl).startsWith("http://localhost:" + port + "/pay/" + id + "?t=");

        Response read = api().get("/api/v1/orders/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(created.body());

        ApiClient other = newKey();
        Response foreign = other.get("/api/v1/orders/" + id);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(other.post("/api/v1/orders/" + id + "/cancel", "{}").status()).isEqualTo(404);
        assertThat(other.get("/api/v1/orders?reference=" + reference).body().get("totalItems").asInt()).isZero();
        // the same reference is free for another key
        assertThat(other.post("/api/v1/orders", ApiClient.order(reference, 100)).status()).isEqualTo(201);

        // the checkout URL sends the payer to HelloAsso, and renews the redirect once it has expired
        Browser payer = browser();
        Browser.Page first = payer.get(URI.create(checkoutUrl));
        assertThat(first.status()).isEqualTo(303);
        assertThat(first.next().getPort()).isEqualTo(emulator().port());
        long firstIntent = order(id).checkoutIntentId();
        clock.advance(Duration.ofMinutes(16));
        Browser.Page renewed = browser().get(URI.create(checkoutUrl));
        assertThat(renewed.status()).isEqualTo(303);
        assertThat(renewed.next().getPort()).isEqualTo(emulator().port());
        assertThat(order(id).checkoutIntentId()).isNotEqualTo(firstIntent);
        assertThat(emulator().control().checkoutIntent(order(id).checkoutIntentId()).get("totalAmount")).isEqualTo(4500);

        // the order page offers the way back to the host
        Browser.Page page = browser().get(URI.create(api().get("/api/v1/orders/" + id).body().get("orderUrl").asString()));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"return-to-site\"", "https://moodle.example.org/course/view.php?id=42");
    }

    @Test
    void aPayerHelloAssoWouldRefuseIsTakenAndLeftOutOfItsPrefillInsteadOfFailingTheCheckout() {
        // a Moodle profile as Moodle sites have them: a digit in the name, a teenage learner
        Map<String, Object> body = ApiClient.order(ref(), 2000);
        String teen = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate().minusYears(15).toString();
        body.put("payer", Map.of("firstName", "Student1", "lastName", "Curie", "email", "student1@example.org",
                "country", "FRA", "birthDate", teen));
        Response created = api().post("/api/v1/orders", body);
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asString();
        long createsBefore = emulator().control().callCount("checkoutIntents.create");
        assertThat(browser().get(URI.create(created.body().get("checkoutUrl").asString())).status()).isEqualTo(303);
        assertThat(emulator().control().callCount("checkoutIntents.create") - createsBefore)
                .as("one creation: no 400 from HelloAsso, no retry").isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> prefill = (Map<String, Object>) emulator().control()
                .checkoutIntent(order(id).checkoutIntentId()).get("payer");
        assertThat(prefill).containsEntry("lastName", "Curie").containsEntry("email", "student1@example.org")
                .containsEntry("country", "FRA");
        assertThat(prefill.get("firstName")).isNull();
        assertThat(prefill.get("dateOfBirth")).isNull();
    }

    @Test
    void aBirthDateIsInThePastByTheApplicationsClock() {
        java.time.LocalDate today = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        Map<String, Object> body = ApiClient.order(ref(), 2000);
        body.put("payer", Map.of("firstName", "Marie", "birthDate", today.toString()));
        Response answer = api().header("Accept-Language", "en").post("/api/v1/orders", body);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("errors").get(0).get("field").asString()).isEqualTo("payer.birthDate");
        assertThat(answer.body().get("errors").get(0).get("message").asString()).isEqualTo("must be a date in the past");
        clock.advance(Duration.ofDays(2));
        body.put("reference", ref());
        assertThat(api().post("/api/v1/orders", body).status()).as("yesterday, by the clock the gateway runs on")
                .isEqualTo(201);
    }

    @Test
    void invalidFieldsAreEachNamedInTheCallersLanguage() {
        Map<String, Object> body = ApiClient.order(ref(), 10);
        body.remove("itemName");
        body.put("instalments", 13);
        body.put("returnUrl", "javascript:alert(1)");
        body.put("payer", Map.of("email", "not-an-email", "country", "France"));
        Response answer = api().header("Accept-Language", "en").post("/api/v1/orders", body);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("code").asString()).isEqualTo("validation");
        assertThat(answer.body().get("detail").asString()).isEqualTo("6 fields are invalid: see errors.");
        Map<String, String> errors = new java.util.HashMap<>();
        answer.body().get("errors").forEach(e -> errors.put(e.get("field").asString(), e.get("message").asString()));
        assertThat(errors).containsEntry("itemName", "is required")
                .containsEntry("amount", "must be an amount in cents between 50 and 10000000")
                .containsEntry("instalments", "must be a number of terms between 2 and 12 (1 for a single payment)")
                .containsEntry("returnUrl", "must be an absolute http(s) URL")
                .containsEntry("payer.email", "must be a valid e-mail address")
                .containsKey("payer.country");

        Response french = api().post("/api/v1/orders", Map.of("itemName", "x", "amount", "douze", "reference", "r"));
        assertThat(french.status()).isEqualTo(400);
        assertThat(french.body().get("errors").get(0).get("field").asString()).isEqualTo("amount");
        assertThat(french.body().get("errors").get(0).get("message").asString())
                .isEqualTo("doit être un entier JSON (sans décimale ni guillemets) dans les limites permises");

        Response broken = api().post("/api/v1/orders", "{\"itemName\": ");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body().get("code").asString()).isEqualTo("unreadable");
        assertThat(api().get("/api/v1/orders?status=LOST&size=0").body().get("errors")).hasSize(2);
        assertThat(orders.search(new org.passerelle.gateway.order.OrderRepository.Search(
                "none", null, null, null, null), 0, 1)).isEmpty();
    }

    @Test
    void aConfiguredKeyWorksFromTheFirstRequestTheServerAccepts(@Autowired FirstRequestProbe probe) {
        assertThat(probe.status()).as("GET /api/v1/orders with passerelle.api.keys as soon as the port is open")
                .isEqualTo(200);
    }

    @Test
    void anIdempotencyKeyGivesTheSameOrderAndRefusesAnotherBody() {
        ApiClient api = newKey();
        Map<String, Object> body = ApiClient.order(ref(), 2000);
        String key = UUID.randomUUID().toString();
        Response first = api.header("Idempotency-Key", key).post("/api/v1/orders", body);
        Response again = api.header("Idempotency-Key", key).post("/api/v1/orders", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
        assertThat(first.header("Location")).endsWith("/api/v1/orders/" + first.body().get("id").asString());
        assertThat(again.header("Location")).as("a replay points to the same order").isEqualTo(first.header("Location"));

        body.put("amount", 2100);
        Response changed = api.header("Idempotency-Key", key).post("/api/v1/orders", body);
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.body().get("code").asString()).isEqualTo("idempotency_mismatch");

        // without a key, the reference alone refuses a second order
        body.put("amount", 2000);
        Response duplicate = api.post("/api/v1/orders", body);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().get("code").asString()).isEqualTo("reference_taken");
        assertThat(duplicate.body().get("detail").asString()).contains(first.body().get("id").asString());
    }

    @Test
    void anIdempotencyKeyExpiresAfterItsTtlAndExpiredKeysArePurged(@Autowired Idempotency idempotency) {
        ApiClient api = newKey();
        String reused = UUID.randomUUID().toString();
        String forgotten = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        Response first = api.header("Idempotency-Key", reused).post("/api/v1/orders", ApiClient.order(ref(), 2000));
        assertThat(api.header("Idempotency-Key", forgotten).post("/api/v1/orders", ApiClient.order(ref(), 2000)).status())
                .isEqualTo(201);

        clock.advance(Duration.ofHours(24).plusMinutes(1));   // passerelle.api.idempotency-key-ttl defaults to 24 h
        assertThat(api.header("Idempotency-Key", recent).post("/api/v1/orders", ApiClient.order(ref(), 2000)).status())
                .isEqualTo(201);
        // another body under the expired key is a new request, not a 409
        Response afresh = api.header("Idempotency-Key", reused).post("/api/v1/orders", ApiClient.order(ref(), 2500));
        assertThat(afresh.status()).as(afresh.body().toString()).isEqualTo(201);
        assertThat(afresh.header("Idempotent-Replayed")).isNull();
        assertThat(afresh.body().get("id")).isNotEqualTo(first.body().get("id"));
        assertThat(api.header("Idempotency-Key", reused).post("/api/v1/orders", ApiClient.order(ref(), 2500)).status())
                .as("a new body under the renewed key").isEqualTo(409);

        assertThat(idempotency.purgeExpired()).isPositive();
        assertThat(storedKeys(forgotten, reused, recent)).containsExactlyInAnyOrder(reused, recent);
    }

    private List<String> storedKeys(String... keys) {
        return jdbc.sql("SELECT idempotency_key FROM api_idempotency WHERE idempotency_key IN (:keys)")
                .param("keys", List.of(keys)).query(String.class).list();
    }

    @Test
    void concurrentIdenticalRequestsCreateOneOrder() throws Exception {
        ApiClient api = newKey().header("Idempotency-Key", UUID.randomUUID().toString());
        Map<String, Object> body = ApiClient.order(ref(), 3000);
        int threads = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/v1/orders", body);
                }));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
                ids.add(response.body().get("id").asString());
            }
            assertThat(ids).hasSize(1);
            assertThat(api.get("/api/v1/orders").body().get("totalItems").asInt()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listingFiltersAndPages() {
        ApiClient api = newKey();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api.post("/api/v1/orders", ApiClient.order("page-" + i, 1000 + i)).body().get("id").asString());
        }
        api.post("/api/v1/orders/" + ids.get(0) + "/cancel", "");

        Response page0 = api.get("/api/v1/orders?size=2");
        Response page2 = api.get("/api/v1/orders?size=2&page=2");
        assertThat(page0.body().get("totalItems").asInt()).isEqualTo(5);
        assertThat(page0.body().get("totalPages").asInt()).isEqualTo(3);
        assertThat(page0.body().get("totalItemsCapped").asBoolean()).isFalse();
        assertThat(page0.body().get("items")).hasSize(2);
        assertThat(page2.body().get("items")).hasSize(1);
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            api.get("/api/v1/orders?size=2&page=" + page).body().get("items")
                    .forEach(item -> seen.add(item.get("id").asString()));
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);

        assertThat(api.get("/api/v1/orders?reference=page-3").body().get("items").get(0).get("id").asString())
                .isEqualTo(ids.get(3));
        Response cancelled = api.get("/api/v1/orders?status=cancelled");
        assertThat(cancelled.body().get("totalItems").asInt()).isEqualTo(1);
        assertThat(cancelled.body().get("items").get(0).get("id").asString()).isEqualTo(ids.get(0));
        String today = clock.instant().toString().substring(0, 10);
        assertThat(api.get("/api/v1/orders?from=" + today + "&to=" + today).body().get("totalItems").asInt()).isEqualTo(5);
        assertThat(api.get("/api/v1/orders?to=2020-01-01").body().get("totalItems").asInt()).isZero();
    }

    @Test
    void thePageNumberedListingCountsAndPagesWithinTheFirstTenThousandOrders() {
        ApiClient api = newKey();
        String first = api.post("/api/v1/orders", ApiClient.order("deep", 1000)).body().get("id").asString();
        copyOrder(first, ApiOrderController.COUNTED);   // through the API, 10,000 orders would take minutes

        Response page0 = api.get("/api/v1/orders?size=100");
        assertThat(page0.body().get("totalItems").asInt()).isEqualTo(ApiOrderController.COUNTED);
        assertThat(page0.body().get("totalPages").asInt()).isEqualTo(100);
        assertThat(page0.body().get("totalItemsCapped").asBoolean()).as("there are more").isTrue();
        Response last = api.get("/api/v1/orders?size=100&page=99");
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.body().get("items")).hasSize(100);

        Response tooDeep = api.get("/api/v1/orders?size=100&page=100");
        assertThat(tooDeep.status()).isEqualTo(400);
        assertThat(tooDeep.body().get("errors").get(0).get("field").asString()).isEqualTo("page");
        assertThat(tooDeep.body().get("errors").get(0).get("message").asString())
                .contains("0", "99", "limit", "after");
        // what the page numbers stop short of, cursor pages reach: after the last numbered page, the oldest order
        String lastId = last.body().get("items").get(99).get("id").asString();
        Response rest = api.get("/api/v1/orders?limit=100&after=" + lastId);
        assertThat(rest.body().get("items")).hasSize(1);
        assertThat(rest.body().get("hasMore").asBoolean()).isFalse();
    }

    /** Copies an order {@code times} times in SQL, each copy created a second earlier than the one before. */
    private void copyOrder(String id, int times) {
        List<String> columns = jdbc.sql("SELECT LOWER(COLUMN_NAME) FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND LOWER(TABLE_NAME) = 'orders' ORDER BY ORDINAL_POSITION")
                .query(String.class).list();
        String values = columns.stream().map(column -> switch (column) {
            case "id" -> "CAST(RANDOM_UUID() AS VARCHAR)";
            case "reference" -> "reference || '-' || copy.\"X\"";
            case "created_at" -> "DATEADD(SECOND, -copy.\"X\", created_at)";
            default -> column;
        }).collect(java.util.stream.Collectors.joining(", "));
        jdbc.sql("INSERT INTO orders (" + String.join(", ", columns) + ") SELECT " + values
                + " FROM orders CROSS JOIN SYSTEM_RANGE(1, :times) copy WHERE id = :id")
                .param("times", times).param("id", id).update();
    }

    @Test
    void aCursorWalksEveryOrderOnceNewestFirstWhileOrdersArrive() {
        ApiClient api = newKey();
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            existing.add(api.post("/api/v1/orders", ApiClient.order("cursor-" + i, 1000 + i)).body().get("id").asString());
            if (i % 3 == 0) {
                clock.advance(Duration.ofSeconds(1));   // some orders created at the same instant: the id breaks the tie
            }
        }
        List<String> seen = new ArrayList<>();
        List<java.time.OffsetDateTime> created = new ArrayList<>();
        List<String> arrived = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Response page = api.get("/api/v1/orders?limit=2" + (next == null ? "" : "&after=" + next));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().has("totalItems")).as("no count").isFalse();
            page.body().get("items").forEach(item -> {
                seen.add(item.get("id").asString());
                created.add(java.time.OffsetDateTime.parse(item.get("createdAt").asString()));
            });
            next = page.body().get("next").isNull() ? null : page.body().get("next").asString();
            assertThat(page.body().get("hasMore").asBoolean()).isEqualTo(next != null);
            // an order placed between two pages is newer than the cursor: not in the pages still to come
            arrived.add(api.post("/api/v1/orders", ApiClient.order("cursor-new-" + pages, 2000)).body().get("id").asString());
            pages++;
        } while (next != null);
        assertThat(pages).isEqualTo(4);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(existing);
        assertThat(created).as("newest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(seen).doesNotContainAnyElementsOf(arrived);

        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 6; page++) {
            api.get("/api/v1/orders?size=2&page=" + page).body().get("items").forEach(item -> paged.add(item.get("id").asString()));
        }
        assertThat(paged).as("the page-numbered listing as before").containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(existing.stream(), arrived.stream()).toList());

        Response cancelled = api.get("/api/v1/orders?status=CANCELLED&limit=5");
        assertThat(cancelled.body().get("items")).isEmpty();
        assertThat(cancelled.body().get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void aCursorThatIsNotOneOfTheKeysOrdersIsAClear400() {
        ApiClient api = newKey();
        String mine = api.post("/api/v1/orders", ApiClient.order(ref(), 1000)).body().get("id").asString();
        String someoneElses = newKey().post("/api/v1/orders", ApiClient.order(ref(), 1000)).body().get("id").asString();
        for (String cursor : List.of("not-an-order", someoneElses, "x".repeat(300))) {
            Response refused = api.header("Accept-Language", "en").get("/api/v1/orders?after=" + cursor);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().get("code").asString()).isEqualTo("validation");
            assertThat(refused.body().get("errors").get(0).get("field").asString()).isEqualTo("after");
            assertThat(refused.body().get("errors").get(0).get("message").asString())
                    .isEqualTo("must be the id of an order of this key (the \"next\" of the previous page)");
        }
        Response mixed = api.get("/api/v1/orders?page=1&after=" + mine);
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.body().get("errors").get(0).get("field").asString()).isEqualTo("page");
        assertThat(api.get("/api/v1/orders?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/orders?limit=5&after=" + mine).body().get("items")).isEmpty();
    }

    @Test
    void cancelStopsAnUnpaidOrderOnceAndRefusesAPaidOne() {
        ApiClient api = newKey();
        String unpaid = api.post("/api/v1/orders", ApiClient.order(ref(), 1200)).body().get("id").asString();
        Response cancelled = api.post("/api/v1/orders/" + unpaid + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(api.post("/api/v1/orders/" + unpaid + "/cancel", "").status()).isEqualTo(200);
        assertThat(outbox.forOrder(unpaid)).extracting(e -> e.event()).containsExactly(EventType.ORDER_CANCELLED);

        Response created = api.post("/api/v1/orders", ApiClient.order(ref(), 1300));
        String paid = created.body().get("id").asString();
        assertThat(browser().get(URI.create(created.body().get("checkoutUrl").asString())).status()).isEqualTo(303);
        long intent = order(paid).checkoutIntentId();
        emulator().control().pay(intent);
        verifier.verify(paid, intent, VerificationSource.POLLER, null);
        assertThat(order(paid).status()).isEqualTo(OrderStatus.PAID);
        Response refused = api.header("Accept-Language", "en").post("/api/v1/orders/" + paid + "/cancel", "");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).isEqualTo("A PAID order cannot be cancelled.");
        assertThat(api.get("/api/v1/orders/" + paid).body().get("paidAt").isNull()).isFalse();
    }
}
