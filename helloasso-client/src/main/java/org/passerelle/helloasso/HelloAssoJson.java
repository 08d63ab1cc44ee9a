package org.passerelle.helloasso;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping the client uses, shared so callers can read and write the model records the same way (for
 * example to store a notification). Lenient on purpose: real HelloAsso payloads carry fields the spec lacks.
 */
public final class HelloAssoJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Keep HelloAsso's local offsets (+02:00) instead of shifting every date to UTC.
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private HelloAssoJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }
}
