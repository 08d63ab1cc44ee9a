package org.passerelle.helloasso.notification;

import org.passerelle.helloasso.HelloAssoException;

/** The body is not a HelloAsso notification (not JSON, no {@code eventType}, or a {@code data} of the wrong shape). */
public class MalformedNotificationException extends HelloAssoException {

    public MalformedNotificationException(String message) {
        super(message);
    }

    public MalformedNotificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
