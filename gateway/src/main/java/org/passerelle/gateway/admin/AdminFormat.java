package org.passerelle.gateway.admin;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** For admin templates: {@code ${@adminFormat.time(order.createdAt)}}, in the console's time zone. */
@Component("adminFormat")
public class AdminFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM");

    private final AdminProperties settings;
    private final MessageSource messages;

    public AdminFormat(AdminProperties settings, MessageSource messages) {
        this.settings = settings;
        this.messages = messages;
    }

    /** What a notification led to, in the admin's words ("paiement 31 : payée"); other outcomes as recorded. */
    public String notificationOutcome(String outcome, Locale locale) {
        return new TimelineWords(messages, locale).notificationOutcome(outcome, 1);
    }

    public String time(OffsetDateTime at) {
        return at == null ? "" : at.atZoneSameInstant(settings.zone()).format(TIME);
    }

    private static final java.util.regex.Pattern WARNING = java.util.regex.Pattern.compile(
            "not[A-Z].*|.*Not[A-Z].*|already[A-Z].*|.*(Failed|Unreachable)|UNAVAILABLE|REFUSED|PENDING|EXPIRED|NOTHING_TO_VERIFY");

    /**
     * The colour a flash message deserves, from its key: {@code error} for a mismatch (possible fraud) or a refusal,
     * {@code warning} for what did not happen, {@code success} only for what did.
     */
    public String tone(String flashKey) {
        if (flashKey == null) {
            return "info";
        }
        String last = flashKey.substring(flashKey.lastIndexOf('.') + 1);
        if (last.equals("MISMATCH") || last.endsWith("Refused")) {
            return "error";
        }
        return WARNING.matcher(last).matches() ? "warning" : "success";
    }

    public String day(LocalDate day) {
        return day == null ? "" : day.format(DAY);
    }

    /** "3 h 05 min", "2 d 4 h": how long ago, roughly. */
    public String age(OffsetDateTime since, OffsetDateTime now) {
        if (since == null) {
            return "";
        }
        Duration age = Duration.between(since, now);
        if (age.toDays() > 0) {
            return age.toDays() + " d " + age.toHoursPart() + " h";
        }
        if (age.toHours() > 0) {
            return age.toHours() + " h " + String.format("%02d", age.toMinutesPart()) + " min";
        }
        return Math.max(0, age.toMinutes()) + " min";
    }
}
