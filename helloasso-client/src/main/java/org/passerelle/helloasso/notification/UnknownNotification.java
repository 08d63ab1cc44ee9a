package org.passerelle.helloasso.notification;

import java.util.Map;

/** An event type this version does not know; kept rather than rejected, as HelloAsso may add types. */
public record UnknownNotification(String eventType, Map<String, Object> data) implements Notification {
}
