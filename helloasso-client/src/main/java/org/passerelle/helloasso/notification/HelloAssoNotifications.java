package org.passerelle.helloasso.notification;

import java.util.Map;
import org.passerelle.helloasso.HelloAssoJson;
import org.passerelle.helloasso.model.Order;
import org.passerelle.helloasso.model.Payment;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Parses the envelope {@code {"eventType": …, "data": {…}, "metadata": {…}}} HelloAsso POSTs to notification URLs.
 * Parse the raw bytes you verified with {@link NotificationSignature}, not a re-serialised copy.
 */
public final class HelloAssoNotifications {
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private HelloAssoNotifications() {
    }

    /** @throws MalformedNotificationException when the body is not JSON, has no eventType, or a malformed data */
    public static Notification parse(byte[] rawBody) {
        if (rawBody == null || rawBody.length == 0) {
            throw new MalformedNotificationException("empty notification body");
        }
        JsonNode envelope;
        try {
            envelope = HelloAssoJson.mapper().readTree(rawBody);
        } catch (JacksonException e) {
            throw new MalformedNotificationException("notification body is not JSON: " + e.getOriginalMessage(), e);
        }
        if (envelope == null || !envelope.isObject()) {
            throw new MalformedNotificationException("notification body is not a JSON object");
        }
        JsonNode eventType = envelope.path("eventType");
        if (!eventType.isString() || eventType.asString().isBlank()) {
            throw new MalformedNotificationException("notification has no eventType");
        }
        JsonNode data = envelope.path("data");
        JsonNode metadata = envelope.path("metadata");
        return switch (eventType.asString()) {
            case "Payment" -> new PaymentNotification(read(data, Payment.class), objectOrNull(metadata));
            case "Order" -> new OrderNotification(read(data, Order.class), objectOrNull(metadata));
            case "Form" -> new FormNotification(requireObject(data), objectOrNull(metadata));
            case "Organization" -> organization(data);
            default -> new UnknownNotification(eventType.asString(), objectOrNull(data));
        };
    }

    private static OrganizationNotification organization(JsonNode data) {
        requireObject(data);
        return new OrganizationNotification(data.path("old_slug_organization").asString(null),
                data.path("new_slug_organization").asString(null));
    }

    private static <T> T read(JsonNode data, Class<T> type) {
        requireObject(data);
        try {
            return HelloAssoJson.mapper().treeToValue(data, type);
        } catch (JacksonException e) {
            throw new MalformedNotificationException("notification data is not a valid " + type.getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> requireObject(JsonNode data) {
        if (!data.isObject()) {
            throw new MalformedNotificationException("notification has no data object");
        }
        return objectOrNull(data);
    }

    private static Map<String, Object> objectOrNull(JsonNode node) {
        return node.isObject() ? HelloAssoJson.mapper().convertValue(node, JSON_OBJECT) : null;
    }
}
