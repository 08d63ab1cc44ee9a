package org.passerelle.gateway.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Payer;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.MappedRoutes;
import org.passerelle.gateway.support.MappedRoutes.Route;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Two organizations on one emulator (the configured one and an association linked in partner mode), each with an API
 * key, a paid order and a webhook endpoint. Every API route the application maps (read from Spring's handler mapping,
 * so a route added later is covered without touching this test), called with one organization's key on the other's
 * order: a 404 (never a 403, which would say the order exists), nothing of the other's order, reference, payer or
 * endpoint in any answer, and nothing changed on it. The other's own key reaches the same order on the same routes,
 * so the 404s are about the key, not about a wrong id.
 */
class OrganizationIsolationIT extends GatewayTestSupport {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    WebhookEndpoints endpoints;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One organization's things, none of which the other may see unless it sent it itself. */
    record Tenant(String label, String organization, ApiKeys.CreatedKey key, String orderId, String reference,
            String email, String endpointId, String endpointUrl) {

        List<String> secrets() {
            return List.of(orderId, reference, email, endpointUrl);
        }
    }

    private Tenant configured;
    private Tenant linked;
    private String keylessEndpointId;

    @BeforeEach
    void twoOrganizationsWithAPaidOrderEach() {
        linkOtherOrganization();
        long n = System.nanoTime();
        // the configuration's kind of endpoint (no key): it must hear of the configured organization's orders only
        keylessEndpointId = endpoints.add("http://127.0.0.1:9/hooks/keyless-" + n, Set.of(), null, "test").id();
        configured = tenant("configured", null, n);
        linked = tenant("linked", OTHER_ORGANIZATION, n);
        assertThat(order(configured.orderId()).organizationSlug()).isEqualTo(emulator().organizationSlug());
        assertThat(order(linked.orderId()).organizationSlug()).isEqualTo(OTHER_ORGANIZATION);
    }

    private Tenant tenant(String label, String organization, long n) {
        ApiKeys.CreatedKey key = apiKeys.create("isolation " + label + " " + n, organization, "test");
        String url = "http://127.0.0.1:9/hooks/" + label + "-" + n;
        String endpointId = endpoints.add(url, Set.of(), key.id(), "test").id();
        String reference = "iso-" + label + "-" + n;
        String email = label + "-" + n + "@example.org";
        Map<String, Object> body = ApiClient.order(reference, 3000);
        body.put("payer", Map.of("firstName", "Marie", "lastName", "Curie", "email", email));
        ApiClient.Response created = new ApiClient(port, key.secret()).post("/api/v1/orders", body);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String orderId = created.body().get("id").asString();
        Payer payer = new Payer(URI.create("http://localhost:" + port));
        URI back = payer.payAtHelloAsso(URI.create(created.body().get("checkoutUrl").asString()), email);
        payer.browser().get(back);
        await().atMost(Duration.ofSeconds(10)).until(() -> order(orderId).status() == OrderStatus.PAID);
        return new Tenant(label, organization, key, orderId, reference, email, endpointId, url);
    }

    /** The route's path aimed at {@code victim}'s resources (a new kind of path variable must be taught here). */
    private static String aimedAt(Route route, Tenant victim) {
        return route.aimed((aimed, name) -> switch (name) {
            case "id" -> victim.orderId();
            default -> null;
        });
    }

    /** What a curious host would add to any request: the victim's identifiers as filters and cursors. */
    private static String probingQuery(Tenant victim) {
        return "?url=" + URLEncoder.encode(victim.endpointUrl(), StandardCharsets.UTF_8)
                + "&reference=" + victim.reference() + "&after=" + victim.orderId();
    }

    private HttpResponse<String> send(RequestMethod method, String pathAndQuery, Tenant as) {
        // an empty body is a valid request on the routes that change an order (a full refund, a cancellation)
        String body = "{}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(20))
                .method(method.name(), method == RequestMethod.GET ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + as.key().secret())
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void noKeyOfOneOrganizationReadsOrChangesAnythingOfTheOther() {
        List<Route> routes = MappedRoutes.under(mappings, "/api");
        assertThat(routes).extracting(Route::pattern)
                .contains("/api/v1/orders/{id}", "/api/v1/orders/{id}/refunds", "/api/v1/orders/{id}/cancel",
                        "/api/v1/orders", "/api/v1/webhook-endpoints");
        probe(routes, configured, linked);
        probe(routes, linked, configured);
    }

    private void probe(List<Route> routes, Tenant reader, Tenant victim) {
        Set<String> checked = new TreeSet<>();
        for (Route route : routes) {
            String path = aimedAt(route, victim);
            boolean aimed = !path.equals(route.pattern());
            for (String query : List.of("", probingQuery(victim))) {
                HttpResponse<String> answer = send(route.method(), path + query, reader);
                String what = reader.label() + " on " + route.method() + " " + path + query;
                if (aimed) {
                    assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(404);
                } else {
                    assertThat(answer.statusCode()).as(what + ": " + answer.body()).isNotEqualTo(403);
                }
                // what the reader sent may be echoed back ("no order 1234 for this key"); anything else is a leak
                String sent = URLDecoder.decode(path + query, StandardCharsets.UTF_8);
                for (String secret : victim.secrets()) {
                    if (!sent.contains(secret)) {
                        assertThat(answer.body()).as(what).doesNotContain(secret);
                    }
                }
                // an order a probe created is the reader's, in the reader's organization
                if (answer.statusCode() == 201 && route.pattern().equals("/api/v1/orders")) {
                    String id = ApiClient.JSON.readTree(answer.body()).get("id").asString();
                    assertThat(order(id).organizationSlug()).isEqualTo(reader.organization() == null
                            ? emulator().organizationSlug() : reader.organization());
                    assertThat(order(id).apiKeyId()).isEqualTo(reader.key().id());
                }
            }
            checked.add(route.method() + " " + route.pattern());
        }
        // the victim's own key reaches what the reader could not: the 404s were about the key
        ApiClient own = new ApiClient(port, victim.key().secret());
        assertThat(own.get("/api/v1/orders/" + victim.orderId()).status()).isEqualTo(200);
        assertThat(own.get("/api/v1/orders/" + victim.orderId() + "/refunds").status()).isEqualTo(200);
        assertThat(own.get("/api/v1/orders?limit=100").raw().body()).contains(victim.orderId());
        // and the key says which association it acts for
        assertThat(own.get("/api/v1/key").body().get("organization").get("slug").asString())
                .isEqualTo(victim.organization() == null ? emulator().organizationSlug() : victim.organization());
        assertThat(own.get("/api/v1/webhook-endpoints" + probingQuery(victim)).raw().body())
                .contains(victim.endpointUrl());
        // and nothing of the victim's changed
        assertThat(order(victim.orderId()).status()).as("after " + checked).isEqualTo(OrderStatus.PAID);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM refunds WHERE order_id = :id").param("id", victim.orderId())
                .query(Long.class).single()).isZero();
        assertThat(endpoints.list()).extracting(WebhookEndpoints.Endpoint::id).contains(victim.endpointId());
    }

    @Test
    void eachOrganizationsEventsReachOnlyItsOwnEndpoints() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(endpointsOf(configured.orderId())).contains(configured.endpointId(), keylessEndpointId);
            assertThat(endpointsOf(linked.orderId())).contains(linked.endpointId());
        });
        assertThat(endpointsOf(configured.orderId())).doesNotContain(linked.endpointId());
        assertThat(endpointsOf(linked.orderId())).containsOnly(linked.endpointId());
    }

    @Test
    void onlyTheConfiguredAssociationsPayersEnterItsMoodle() {
        long course = 7100 + (System.nanoTime() % 100);
        MOODLE.course(course);
        String mine = paidWithCourse(configured, course);
        String theirs = paidWithCourse(linked, course);
        await().atMost(Duration.ofSeconds(10)).until(() -> enrolments(mine) == 1);
        // the linked association's order was delivered to every channel by now, and Moodle left alone
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT COUNT(*) FROM fulfilments"
                + " WHERE order_id = :id AND event = 'order.paid' AND status = 'DELIVERED'").param("id", theirs)
                .query(Long.class).single() > 0);
        assertThat(enrolments(theirs)).isZero();
    }

    /** An API order of this tenant's key naming a Moodle course, paid. */
    private String paidWithCourse(Tenant tenant, long course) {
        Map<String, Object> body = ApiClient.order("course-" + tenant.label() + "-" + System.nanoTime(), 2000);
        body.put("metadata", Map.of("moodleCourseId", course));
        body.put("payer", Map.of("firstName", "Marie", "lastName", "Curie", "email", tenant.email()));
        ApiClient.Response created = new ApiClient(port, tenant.key().secret()).post("/api/v1/orders", body);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String orderId = created.body().get("id").asString();
        Payer payer = new Payer(URI.create("http://localhost:" + port));
        payer.browser().get(payer.payAtHelloAsso(URI.create(created.body().get("checkoutUrl").asString()),
                tenant.email()));
        await().atMost(Duration.ofSeconds(10)).until(() -> order(orderId).status() == OrderStatus.PAID);
        return orderId;
    }

    private long enrolments(String orderId) {
        return jdbc.sql("SELECT COUNT(*) FROM moodle_enrolments WHERE order_id = :id").param("id", orderId)
                .query(Long.class).single();
    }

    private List<String> endpointsOf(String orderId) {
        return jdbc.sql("SELECT DISTINCT endpoint_id FROM webhook_deliveries WHERE order_id = :id")
                .param("id", orderId).query(String.class).list();
    }
}
