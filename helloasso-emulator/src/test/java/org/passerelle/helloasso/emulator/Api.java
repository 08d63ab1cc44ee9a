package org.passerelle.helloasso.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A tiny HTTP caller for tests: real JDK HttpClient requests against a running emulator. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final HelloAssoEmulator emulator;
    private String token;

    Api(HelloAssoEmulator emulator) {
        this.emulator = emulator;
    }

    String org() {
        return emulator.organizationSlug();
    }

    Reply tokenRequest(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(emulator.tokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply clientCredentials(String id, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", id);
        form.put("client_secret", secret);
        return tokenRequest(form);
    }

    /** Gets (once) and returns a token for the default client. */
    String token() {
        if (token == null) {
            Reply r = clientCredentials(emulator.clientId(), emulator.clientSecret());
            if (r.status() != 200) {
                throw new IllegalStateException("token failed: " + r);
            }
            token = r.json().get("access_token").asString();
        }
        return token;
    }

    void useToken(String token) {
        this.token = token;
    }

    Reply get(String path) {
        return send(authed(path).GET());
    }

    Reply post(String path, String json) {
        return send(authed(path).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply put(String path, String json) {
        return send(authed(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply delete(String path) {
        return send(authed(path).DELETE());
    }

    Reply raw(HttpRequest.Builder request) {
        return send(request);
    }

    /** A valid checkout body with the given amount, to be tweaked by tests. */
    static ObjectNode checkoutBody(int cents) {
        ObjectNode body = JSON.createObjectNode();
        body.put("totalAmount", cents);
        body.put("initialAmount", cents);
        body.put("itemName", "Adhésion 2026");
        body.put("backUrl", "http://127.0.0.1:1/back?order=42");
        body.put("errorUrl", "http://127.0.0.1:1/error?order=42");
        body.put("returnUrl", "http://127.0.0.1:1/return?order=42");
        body.put("containsDonation", false);
        body.putObject("metadata").put("reference", "ORDER-42");
        return body;
    }

    /** Creates an intent and returns the creation answer ({id, redirectUrl}). */
    JsonNode createIntent(ObjectNode body) {
        Reply r = post("/v5/organizations/" + org() + "/checkout-intents", body.toString());
        if (r.status() != 200) {
            throw new IllegalStateException("create failed: " + r);
        }
        return r.json();
    }

    private HttpRequest.Builder authed(String path) {
        return HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).header("Authorization", "Bearer " + token());
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
