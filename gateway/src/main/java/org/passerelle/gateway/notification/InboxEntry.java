package org.passerelle.gateway.notification;

import java.time.OffsetDateTime;

/** One notification as received (raw body and headers) and what became of it. */
public record InboxEntry(long id, String bodyHash, String body, String headers, String clientIp, String eventType,
        Status status, String orderId, String outcome, int copies, int attempts, OffsetDateTime receivedAt,
        OffsetDateTime processedAt) {

    public enum Status {
        /** Stored, waiting to be processed. */
        RECEIVED,
        /** Handled: the verification ran (its result is the outcome). */
        PROCESSED,
        /** Kept but nothing to do (unknown event type, a payment Passerelle did not start, a form). */
        IGNORED,
        /** HelloAsso could not be asked: processed again later. */
        RETRY,
        /** The signature did not match: never processed. */
        REJECTED,
        /** Not a notification (not JSON, no eventType…): answered 400, kept for inspection. */
        MALFORMED
    }

    /** The value of one stored header (case-insensitive), or null. */
    public String header(String name) {
        for (String line : headers.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
