package org.passerelle.gateway.admin;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;

/**
 * The words of the order timeline in the admin's language: what the gateway records as codes (notification types,
 * fulfilment events and handlers, verification results, attempt counts) said with the console's messages. A code
 * without words (a handler added by a host, an unexpected notification type) is shown as it is.
 */
record TimelineWords(MessageSource messages, Locale locale) {

    /** How the notification inbox records what a notification led to: "Payment 123: PAID", "Order 456: PENDING". */
    private static final Pattern VERIFIED = Pattern.compile("(Payment|Order) (\\d+): ([A-Z_]+)");

    String of(String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** The words for {@code prefix + code}, or the code itself. */
    String named(String prefix, String code) {
        return code == null ? "" : messages.getMessage(prefix + code, null, code, locale);
    }

    String notificationType(String type) {
        return named("admin.notification.type.", type);
    }

    /** A fulfilment or webhook event (order.paid…): the journal's words for it. */
    String event(String event) {
        return named("admin.action.", event);
    }

    String handler(String handler) {
        return named("admin.handler.", handler);
    }

    /** "1 attempt", "2 attempts", then the last HTTP status and error when there are. */
    String attempts(int attempts, Integer httpStatus, String lastError) {
        StringBuilder text = new StringBuilder(of("admin.timeline.attempts", attempts));
        if (httpStatus != null) {
            text.append(of("admin.timeline.separator")).append(of("admin.timeline.http", String.valueOf(httpStatus)));
        }
        if (lastError != null) {
            text.append(of("admin.timeline.separator")).append(of("admin.timeline.lastError", lastError));
        }
        return text.toString();
    }

    /** What a notification led to, in words when the inbox recorded a verification; other outcomes as recorded. */
    String notificationOutcome(String outcome, int copies) {
        String text = outcome == null ? "" : outcome;
        Matcher verified = VERIFIED.matcher(text);
        if (verified.matches()) {
            text = of("admin.timeline.notificationVerified", notificationType(verified.group(1)), verified.group(2),
                    named("admin.verification.", verified.group(3)));
        }
        return copies > 1 ? text + of("admin.timeline.separator") + of("admin.timeline.copies", copies) : text;
    }
}
