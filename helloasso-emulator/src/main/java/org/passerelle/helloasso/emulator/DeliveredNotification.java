package org.passerelle.helloasso.emulator;

import java.time.Instant;

/**
 * One notification delivery attempt. {@code status} is the receiver's HTTP status, or -1 when no answer came
 * (connection refused, timeout); {@code dropped} is true when fault injection lost the notification on purpose
 * (it was then never POSTed and {@code status} is 0). {@code body} is the exact JSON POSTed.
 */
public record DeliveredNotification(Instant at, String url, String eventType, String body, int status, int attempt,
                                    boolean signed, boolean dropped) {

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
