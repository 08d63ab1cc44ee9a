package org.passerelle.helloasso.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The deviations from HelloAsso's spec that are known and accepted, each with its reason, read from
 * {@code allowed-deviations.json} beside this class. A violation passes only when an entry matches its key, its
 * place ({@code METHOD /path} of the spec, {@code notification Type}, or {@code *}) and, for unexpected properties,
 * names every property the violation names.
 */
final class AllowList {

    record Entry(String key, String where, Set<String> properties, String contains, String reason) {

        boolean matches(Violation v) {
            if (!key.equals(v.key()) || !(where.equals("*") || where.equals(v.where()))) {
                return false;
            }
            if (!properties.isEmpty() && (v.properties().isEmpty() || !properties.containsAll(v.properties()))) {
                return false;
            }
            return contains == null || v.message().contains(contains);
        }
    }

    static final String RESOURCE = "allowed-deviations.json";

    private final List<Entry> entries;

    private AllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static AllowList load() {
        try (InputStream in = AllowList.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + AllowList.class.getName());
            }
            List<Entry> entries = new ArrayList<>();
            for (JsonNode e : new ObjectMapper().readTree(in)) {
                String reason = e.path("reason").asText("");
                if (reason.isBlank()) {
                    throw new IllegalStateException("every allowed deviation needs a reason: " + e);
                }
                Set<String> properties = new TreeSet<>();
                e.path("properties").forEach(p -> properties.add(p.asText()));
                entries.add(new Entry(e.path("key").asText(), e.path("where").asText("*"), properties,
                        e.hasNonNull("contains") ? e.get("contains").asText() : null, reason));
            }
            return new AllowList(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Entry match(Violation v) {
        return entries.stream().filter(e -> e.matches(v)).findFirst().orElse(null);
    }

    List<Entry> entries() {
        return entries;
    }
}
