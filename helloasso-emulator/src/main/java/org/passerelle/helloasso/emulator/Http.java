package org.passerelle.helloasso.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Small HTTP helpers over the JDK server: parsed requests, responses, query strings and redaction for logs. */
final class Http {

    /** An incoming request, read in full. */
    record Request(HttpExchange exchange, String method, String path, Map<String, List<String>> query, byte[] body) {

        static Request read(HttpExchange exchange) throws IOException {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(1_000_000);
            }
            return new Request(exchange, exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT),
                    exchange.getRequestURI().getRawPath(), parseQuery(exchange.getRequestURI().getRawQuery()), body);
        }

        String param(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        /** Array parameters, repeated ({@code states=A&states=B}), indexed ({@code states[0]=A}) or comma-separated. */
        List<String> params(String name) {
            List<String> out = new ArrayList<>();
            query.forEach((key, values) -> {
                if (key.equals(name) || key.equals(name + "[]") || key.matches(Pattern.quote(name) + "\\[\\d+]")) {
                    for (String v : values) {
                        for (String part : v.split(",")) {
                            if (!part.isBlank()) {
                                out.add(part.strip());
                            }
                        }
                    }
                }
            });
            return out;
        }

        String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The request's cookies by name ({@code Cookie: a=1; b=2}). */
        Map<String, String> cookies() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
                for (String pair : header.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                    }
                }
            }
            return out;
        }

        /** The JSON body, or a 400 in HelloAsso's error shape when it is not JSON. */
        JsonNode json() {
            if (body.length == 0) {
                throw ApiException.badRequest("InvalidBody", "A JSON request body is required.");
            }
            try {
                return Views.JSON.readTree(body);
            } catch (JacksonException e) {
                throw ApiException.badRequest("InvalidBody", "The request body is not valid JSON: " + e.getOriginalMessage());
            }
        }

        Map<String, String> form() {
            Map<String, String> out = new LinkedHashMap<>();
            parseQuery(bodyText()).forEach((k, v) -> out.put(k, v.getFirst()));
            return out;
        }
    }

    /** A response to send. */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

        static Response json(int status, JsonNode node) {
            return new Response(status, "application/json; charset=utf-8",
                    Views.JSON.writeValueAsBytes(node), Map.of());
        }

        static Response bytes(int status, String contentType, byte[] body) {
            return new Response(status, contentType, body, Map.of());
        }

        static Response empty(int status) {
            return new Response(status, null, new byte[0], Map.of());
        }

        static Response html(int status, String html) {
            return new Response(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8),
                    Map.of("Cache-Control", "no-store"));
        }

        static Response redirect(String location) {
            return new Response(303, null, new byte[0], Map.of("Location", location, "Cache-Control", "no-store"));
        }

        static Response errors(ApiException e) {
            ObjectNode body = Views.JSON.createObjectNode();
            ArrayNode errors = body.putArray("errors");
            e.errors().forEach(err -> errors.addObject().put("code", err.code()).put("message", err.message()));
            return json(e.status(), body);
        }

        Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, contentType, body, Map.copyOf(h));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Adds parameters to a caller's URL, keeping its own query parameters and fragment. */
    static String appendQuery(String url, Map<String, String> params) {
        String fragment = "";
        int hash = url.indexOf('#');
        if (hash >= 0) {
            fragment = url.substring(hash);
            url = url.substring(0, hash);
        }
        StringBuilder s = new StringBuilder(url);
        char sep = url.contains("?") ? (url.endsWith("?") || url.endsWith("&") ? 0 : '&') : '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (sep != 0) {
                s.append(sep);
            }
            s.append(encode(p.getKey())).append('=').append(encode(p.getValue()));
            sep = '&';
        }
        return s.append(fragment).toString();
    }

    private static final Pattern FORM_SECRETS = Pattern.compile(
            "(client_secret|refresh_token|code|code_verifier|access_token|cardNumber|cvc|expiry)=[^&]*");
    private static final Pattern JSON_SECRETS = Pattern.compile(
            "\"(access_token|refresh_token|client_secret|signatureKey|secret)\"\\s*:\\s*\"[^\"]*\"");

    /** Removes secrets (client secret, tokens, signature keys, card data) from a body before it is logged. */
    static String redact(String text) {
        if (text == null) {
            return "";
        }
        String s = JSON_SECRETS.matcher(text).replaceAll("\"$1\":\"***\"");
        s = FORM_SECRETS.matcher(s).replaceAll("$1=***");
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }

    static String escapeHtml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private Http() {
    }
}
