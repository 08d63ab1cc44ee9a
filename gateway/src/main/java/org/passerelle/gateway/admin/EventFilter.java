package org.passerelle.gateway.admin;

import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The event log's filters: outcome (success, error, cancelled, fraud_detected), action prefix, dates, and the presets
 * "errors" (errors and fraud signals) and "fraud" (fraud signals only).
 */
public record EventFilter(String preset, String outcome, String action,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Integer page) {

    public int pageNumber() {
        return page == null || page < 1 ? 1 : page;
    }

    public String query(int otherPage) {
        var builder = org.springframework.web.util.UriComponentsBuilder.newInstance();
        for (String[] pair : new String[][] {{"preset", preset}, {"outcome", outcome}, {"action", action},
                {"from", from == null ? null : from.toString()}, {"to", to == null ? null : to.toString()}}) {
            if (pair[1] != null && !pair[1].isBlank()) {
                builder.queryParam(pair[0], pair[1].trim());
            }
        }
        if (otherPage > 1) {
            builder.queryParam("page", otherPage);
        }
        String query = builder.encode().build().getQuery();
        return query == null ? "" : query;
    }
}
