package org.passerelle.gateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A host application calling the API over HTTP, as curl would: JSON in, JSON (or problem+json) out. */
public final class ApiClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public record Response(int status, String contentType, JsonNode body, HttpResponse<String> raw) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String key;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiClient(int port, String key) {
        this.base = URI.create("http://localhost:" + port);
        this.key = key;
    }

    public ApiClient header(String name, String value) {
        ApiClient copy = new ApiClient(base.getPort(), key);
        copy.headers.putAll(headers);
        copy.headers.put(name, value);
        return copy;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Response post(String path, Object body) {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    private Response send(HttpRequest.Builder request) {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = type.contains("json") && !response.body().isEmpty() ? JSON.readTree(response.body()) : null;
            return new Response(response.statusCode(), type, json, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A valid order body, to change field by field. */
    public static Map<String, Object> order(String reference, int amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("itemName", "Cours de poterie");
        body.put("amount", amount);
        body.put("reference", reference);
        body.put("payer", Map.of("firstName", "Marie", "lastName", "Curie", "email", "marie.curie@example.org"));
        body.put("metadata", Map.of("courseId", 42));
        body.put("returnUrl", "https://moodle.example.org/course/view.php?id=42");
        return body;
    }
}
