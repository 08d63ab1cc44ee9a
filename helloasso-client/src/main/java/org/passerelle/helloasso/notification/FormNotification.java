package org.passerelle.helloasso.notification;

import java.util.Map;

/** A form was created or changed; its content is left as JSON values. */
public record FormNotification(Map<String, Object> data, Map<String, Object> metadata) implements Notification {

    @Override
    public String eventType() {
        return "Form";
    }
}
