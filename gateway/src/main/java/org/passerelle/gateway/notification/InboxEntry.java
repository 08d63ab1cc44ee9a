package org.passerelle.gateway.notification;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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
        MALFORMED;

        /**
         * Statuses from which an entry may move to this one: the machine every status update of
         * {@link NotificationInbox} is a compare-and-set on. Processing ends a claimed entry (RECEIVED or RETRY); an
         * administrator's "process again" checks the entry anew whatever became of it (REJECTED, MALFORMED or
         * RECEIVED); a correctly signed copy of a rejected body takes it back to RECEIVED.
         */
        public Set<Status> allowedFrom() {
            return switch (this) {
                case RECEIVED, REJECTED, MALFORMED -> EnumSet.allOf(Status.class);
                case PROCESSED, IGNORED, RETRY -> EnumSet.of(RECEIVED, RETRY);
            };
        }

        public boolean canMoveTo(Status target) {
            return target.allowedFrom().contains(this);
        }

        /** The names of {@code sources} for a compare-and-set to this status; each must be allowed (else a coding error). */
        List<String> from(Status... sources) {
            for (Status source : sources) {
                if (!source.canMoveTo(this)) {
                    throw new IllegalStateException(source + " -> " + this + " is not an inbox transition");
                }
            }
            return Arrays.stream(sources).map(Enum::name).toList();
        }

        List<String> sources() {
            return allowedFrom().stream().map(Enum::name).toList();
        }
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
