package org.passerelle.gateway.admin;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** For admin templates: {@code ${@adminFormat.time(order.createdAt)}}, in the console's time zone. */
@Component("adminFormat")
public class AdminFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM");

    private final AdminProperties settings;

    public AdminFormat(AdminProperties settings) {
        this.settings = settings;
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
