package org.passerelle.helloasso;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Query parameters of one call; only names the operation declares are accepted, so the registry stays the truth. */
final class Query {
    private final Operation operation;
    private final List<Map.Entry<String, String>> parameters = new ArrayList<>();

    Query(Operation operation) {
        this.operation = operation;
    }

    /** Adds {@code name=value}; null values are left out. */
    Query add(String name, Object value) {
        if (!operation.queryParameters().contains(name)) {
            throw new IllegalArgumentException(operation + " declares no query parameter " + name);
        }
        if (value instanceof OffsetDateTime date) {
            // Always with seconds, which toString() drops when they are zero.
            parameters.add(Map.entry(name, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(date)));
        } else if (value != null) {
            parameters.add(Map.entry(name, value.toString()));
        }
        return this;
    }

    /** Arrays are sent as repeated parameters ({@code states=Authorized&states=Refunded}). */
    Query addAll(String name, List<?> values) {
        values.forEach(value -> add(name, value));
        return this;
    }

    String toQueryString() {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> parameter : parameters) {
            query.append(query.isEmpty() ? "?" : "&")
                    .append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
        }
        return query.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
