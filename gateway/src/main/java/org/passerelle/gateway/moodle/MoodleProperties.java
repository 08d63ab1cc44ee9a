package org.passerelle.gateway.moodle;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code passerelle.moodle.*}: the Moodle site whose courses paid orders enrol into. Off while {@code url} is empty.
 * Offers map to courses in {@code courses} (offer id → course id); API orders name their course in their metadata.
 */
@ConfigurationProperties("passerelle.moodle")
@Validated
public record MoodleProperties(
        @Pattern(regexp = "^$|^https?://[^\\s?#]+[^/\\s?#]$", message = "must be the site's http(s) URL without a trailing slash")
        @DefaultValue("") String url,
        /* A web-service token (Site administration > Server > Web services > Manage tokens). */
        @DefaultValue("") String token,
        /* 5 is Moodle's "student" role. */
        @Min(1) @DefaultValue("5") long roleId,
        /* Create the Moodle account when no user has the payer's e-mail (needs moodle/user:create). */
        @DefaultValue("false") boolean createUsers,
        /* Enrolment length from the payment; empty = no end. */
        Duration enrolmentPeriod,
        Map<String, Long> courses,
        @NotNull @DefaultValue("moodleCourseId") String metadataKey,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("20s") Duration requestTimeout,
        @NotNull @DefaultValue("10s") Duration sweepInterval,
        @NotEmpty @DefaultValue({"1m", "5m", "30m", "2h", "12h", "24h", "24h", "24h"}) List<Duration> retrySchedule) {

    public MoodleProperties {
        courses = courses == null ? Map.of() : Map.copyOf(courses);
    }

    public boolean enabled() {
        return !url.isEmpty();
    }

    @AssertTrue(message = "passerelle.moodle.token is required when passerelle.moodle.url is set")
    public boolean isTokenGiven() {
        return !enabled() || !token.isBlank();
    }
}
