package org.passerelle.gateway.admin;

import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The orders screen's filters, all optional, as typed in the form (the same ones drive the CSV export). {@code q}
 * matches the payer's email, first or last name; {@code reference} the host's reference or the order id; amounts
 * are euros ("12,50"); {@code offer} an offer's id.
 */
public record OrderFilter(String status, @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, String q, String reference, String min,
        String max, Integer page,
        /* An offer's id: its orders only, and the CSV export has one column per field of that offer. */
        String offer) {

    public int pageNumber() {
        return page == null || page < 1 ? 1 : page;
    }

    /** The same filters on another page, as query parameters. */
    public String query(int otherPage) {
        var builder = org.springframework.web.util.UriComponentsBuilder.newInstance();
        add(builder, "status", status);
        add(builder, "from", from == null ? null : from.toString());
        add(builder, "to", to == null ? null : to.toString());
        add(builder, "q", q);
        add(builder, "reference", reference);
        add(builder, "min", min);
        add(builder, "max", max);
        add(builder, "offer", offer);
        if (otherPage > 1) {
            builder.queryParam("page", otherPage);
        }
        String query = builder.encode().build().getQuery();
        return query == null ? "" : query;
    }

    private static void add(org.springframework.web.util.UriComponentsBuilder builder, String name, String value) {
        if (value != null && !value.isBlank()) {
            builder.queryParam(name, value.trim());
        }
    }
}
