package org.passerelle.gateway.moodle;

import java.time.Duration;
import java.util.Map;

/**
 * One Moodle site Passerelle enrols into, and how: the configured association's ({@code passerelle.moodle.*}) or a
 * linked association's (set in the console, {@code moodle_sites}). Every enrolment, retry and take-back of an order
 * uses the site of the order's association, never another's.
 *
 * @param key            {@link MoodleSites#CONFIGURED} for {@code passerelle.moodle.*}, else the association's slug
 * @param enrolmentPeriod null for no end date
 * @param courses        offer id → course id
 * @param metadataKey    the metadata field in which an API order names its course
 */
public record MoodleSite(String key, String url, String token, long roleId, boolean createUsers,
        Duration enrolmentPeriod, Map<String, Long> courses, String metadataKey) {

    public MoodleSite {
        courses = courses == null ? Map.of() : Map.copyOf(courses);
    }

    static MoodleSite configured(MoodleProperties settings) {
        return new MoodleSite(MoodleSites.CONFIGURED, settings.url(), settings.token(), settings.roleId(),
                settings.createUsers(), settings.enrolmentPeriod(), settings.courses(), settings.metadataKey());
    }

    public boolean configuredSite() {
        return key.equals(MoodleSites.CONFIGURED);
    }

    @Override
    public String toString() {
        return "MoodleSite[" + (configuredSite() ? "passerelle.moodle" : key) + ", " + url + "]";   // never the token
    }
}
