package org.passerelle.gateway.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.ControllerCalls;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.RawHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Every API route the application maps, under every spelling of its path a client could send (percent-encoded
 * letters, doubled slashes, trailing slash, matrix parameters, letter case, dot segments, encoded slashes): without a
 * valid key it is a 401 or a 404 problem, never a 5xx, and no controller runs. And every way an API request can fail
 * is a problem+json in the caller's language.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiRoutesTests extends GatewayTestSupport {

    private static final String SOME_ID = "00000000-0000-4000-8000-000000000000";
    private static final String OPENAPI = "/api/v1/openapi.yaml";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    ControllerCalls controllers;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Route(String method, String path) {
    }

    private List<Route> apiRoutes() {
        List<Route> routes = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                String path = pattern.replaceAll("\\{id}", SOME_ID).replaceAll("\\{[^}]+}", "1");
                (methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods)
                        .forEach(method -> routes.add(new Route(method.name(), path)));
            }
        }
        return routes;
    }

    /** The spellings of one path that Spring could route to the same controller, or that look as if it might. */
    static Set<String> variants(String path) {
        Set<String> variants = new LinkedHashSet<>();
        String[] segments = path.substring(1).split("/");
        variants.add(path);
        variants.add(path + "/");
        variants.add(path + "//");
        variants.add("/" + path);
        variants.add(path.replace("/api/", "/api//"));
        variants.add(path.replaceFirst("/v1/", "/v1//"));
        variants.add(path.toUpperCase(Locale.ROOT));
        variants.add(path.replace("/api/", "/API/"));
        variants.add(path.replace("/api/", "/Api/"));
        variants.add(path.replace("/v1/", "/V1/"));
        variants.add(path + ";x=1");
        variants.add(path.replace("/api/", "/api;jsessionid=1/"));
        variants.add(path.replace("/v1/", "/v1;a=b/"));
        variants.add(path.replace("/api/", "/./api/"));
        variants.add(path.replace("/api/", "/x/../api/"));
        variants.add(path.replace("/api/", "/%2e/api/"));
        variants.add(path.replace("/v1/", "/v1%2F"));
        variants.add(path.replace("/api/", "/api%2f"));
        for (int i = 0; i < segments.length; i++) {
            // each segment with its first letter percent-encoded, and all of it
            variants.add(withSegment(segments, i, encodeFirstLetter(segments[i])));
            variants.add(withSegment(segments, i, encodeAll(segments[i])));
        }
        variants.add("/" + encodeAll(path.substring(1).replace("/", "\u0000")).replace("%00", "/"));
        return variants;
    }

    private static String withSegment(String[] segments, int index, String replacement) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            path.append('/').append(i == index ? replacement : segments[i]);
        }
        return path.toString();
    }

    private static String encodeFirstLetter(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            if (Character.isLetter(segment.charAt(i))) {
                return segment.substring(0, i) + String.format("%%%02X", (int) segment.charAt(i)) + segment.substring(i + 1);
            }
        }
        return segment;
    }

    private static String encodeAll(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (char c : segment.toCharArray()) {
            encoded.append(c == '\u0000' ? "%00" : String.format("%%%02X", (int) c));
        }
        return encoded.toString();
    }

    private HttpResponse<String> send(String method, String rawPath, String authorization, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + rawPath))
                .timeout(Duration.ofSeconds(20)).method(method, method.equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + rawPath, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyApiRouteUnderEverySpellingRefusesCallersWithoutAValidKeyAndRunsNoController() {
        List<Route> routes = apiRoutes();
        assertThat(routes).extracting(Route::path).contains("/api/v1/orders", "/api/v1/orders/" + SOME_ID + "/refunds");
        int mark = controllers.mark();
        int sent = 0;
        for (Route route : routes) {
            for (String path : variants(route.path())) {
                for (String authorization : new String[] {null, "Bearer not-a-key-0123456789abcdef", "Basic YTpi", "Bearer "}) {
                    HttpResponse<String> answer = send(route.method(), path, authorization, null);
                    sent++;
                    String what = route.method() + " " + path + " with " + authorization + " -> " + answer.statusCode()
                            + " " + answer.body();
                    if (path.equals(OPENAPI) && route.method().equals("GET")) {
                        // public: a wrong bearer key is still refused
                        assertThat(answer.statusCode()).as(what).isIn(200, 401);
                        continue;
                    }
                    assertThat(answer.statusCode()).as(what).isIn(401, 404);
                    assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(what)
                            .startsWith("application/problem+json");
                }
            }
        }
        assertThat(sent).isGreaterThan(300);
        assertThat(controllers.since(mark)).as("no API controller but the public OpenAPI description ran")
                .filteredOn(ControllerCalls.Call::api)
                .allSatisfy(call -> assertThat(call.handler()).startsWith("OpenApiController"));
    }

    @Test
    void withAValidKeyOddSpellingsAreNeverAnErrorOfTheServer() {
        String key = "Bearer " + CONFIGURED_API_KEY;
        for (Route route : apiRoutes()) {
            if (route.path().contains("/test/")) {
                continue; // the route that fails on purpose
            }
            for (String path : variants(route.path())) {
                HttpResponse<String> answer = send(route.method(), path, key, null);
                String what = route.method() + " " + path + " -> " + answer.statusCode() + " " + answer.body();
                assertThat(answer.statusCode()).as(what).isLessThan(500);
                if (answer.statusCode() >= 400) {
                    assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(what)
                            .startsWith("application/problem+json");
                }
            }
        }
    }

    @Test
    void everyApiFailureIsAProblemWithItsDocumentedCodeInTheCallersLanguage(CapturedOutput output) {
        ApiClient english = new ApiClient(port, CONFIGURED_API_KEY).header("Accept-Language", "en");
        ApiClient french = new ApiClient(port, CONFIGURED_API_KEY);
        String key = "Bearer " + CONFIGURED_API_KEY;

        expect(send("GET", "/api/v1/nothing-here", key, null), 404, "route_not_found");
        expect(send("DELETE", "/api/v1/orders", key, null), 405, "method");
        expect(send("GET", "/api/v1/orders", key, "text/html"), 406, "not_acceptable");
        for (String malformed : new String[] {"/api/v1/orders/%zz", "/api/v1/orders/x%00y", "/api/v1/orders/%C0%AF",
                "/api/v1/orders/%", "/api/v1/orders/a|b", "/api/v1/orders/a{b}", "/api/v1/orders?x=%zz"}) {
            RawHttp.Answer answer = RawHttp.send(port, "GET", malformed, null, "Authorization: " + key);
            assertThat(answer.status()).as(malformed).isEqualTo(400);
            assertThat(answer.header("Content-Type")).as(malformed).startsWith("application/problem+json");
            assertThat(ApiClient.JSON.readTree(answer.body()).get("code").asString()).isEqualTo("bad_request");
        }

        HttpRequest plain = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/orders"))
                .header("Authorization", key).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("amount=5000")).build();
        expect(call(plain), 415, "media_type");

        String big = "{\"itemName\": \"" + "x".repeat(70_000) + "\", \"amount\": 5000, \"reference\": \"big\"}";
        HttpRequest tooLarge = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/orders"))
                .header("Authorization", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big)).build();
        expect(call(tooLarge), 413, "too_large");
        // the same without a declared length (chunked): cut while it is read
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/orders"))
                .header("Authorization", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
                .build();
        expect(call(chunked), 413, "too_large");

        HttpResponse<String> bug = send("GET", "/api/v1/test/boom", key, null);
        expect(bug, 500, "internal");
        assertThat(bug.body()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
        assertThat(output.getAll().split("Unexpected error on GET /api/v1/test/boom", -1)).as("logged once").hasSize(2);

        ApiClient.Response englishProblem = english.get("/api/v1/orders/unknown-order");
        assertThat(englishProblem.body().get("title").asString()).isEqualTo("Order not found");
        ApiClient.Response frenchProblem = french.get("/api/v1/orders/unknown-order");
        assertThat(frenchProblem.body().get("title").asString()).isEqualTo("Commande introuvable");
        ApiClient.Response englishRoute = english.get("/api/v1/nowhere");
        assertThat(englishRoute.body().get("title").asString()).isEqualTo("Unknown address");
        // no type: RFC 9457 reads it as about:blank, and the code says which problem it is
        assertThat(englishRoute.body().has("type")).isFalse();
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<String> answer, int status, String code) {
        String what = answer.request().method() + " " + answer.uri() + " -> " + answer.statusCode() + " " + answer.body();
        assertThat(answer.statusCode()).as(what).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/problem+json");
        JsonNode body = ApiClient.JSON.readTree(answer.body());
        assertThat(body.get("code").asString()).as(what).isEqualTo(code);
        assertThat(body.get("status").asInt()).as(what).isEqualTo(status);
        assertThat(body.get("title").asString()).as(what).isNotBlank();
        assertThat(body.get("detail").asString()).as(what).isNotBlank();
    }
}
