package org.passerelle.gateway.field;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields of console offers, in {@code offer_fields} (one row per field, its definition as JSON), saved in the same
 * transaction as the offer. Configured offers keep theirs in the configuration.
 */
@Component
public class OfferFields {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public OfferFields(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<FieldDefinition> of(String offerId) {
        return jdbc.sql("SELECT definition FROM offer_fields WHERE offer_id = :id ORDER BY field_index")
                .param("id", offerId).query(String.class).list().stream().map(this::read).toList();
    }

    /** Every console offer's fields, by offer id (one query for a list of offers). */
    public Map<String, List<FieldDefinition>> all() {
        Map<String, List<FieldDefinition>> all = new HashMap<>();
        jdbc.sql("SELECT offer_id, definition FROM offer_fields ORDER BY offer_id, field_index")
                .query((rs, row) -> all.computeIfAbsent(rs.getString("offer_id"), id -> new ArrayList<>())
                        .add(read(rs.getString("definition"))))
                .list();
        return all;
    }

    /** Replaces the offer's fields (call inside the offer's own transaction). */
    public void replace(String offerId, List<FieldDefinition> fields) {
        jdbc.sql("DELETE FROM offer_fields WHERE offer_id = :id").param("id", offerId).update();
        for (int i = 0; i < fields.size(); i++) {
            jdbc.sql("INSERT INTO offer_fields (offer_id, field_index, definition) VALUES (:id, :index, :definition)")
                    .param("id", offerId).param("index", i).param("definition", json.writeValueAsString(fields.get(i)))
                    .update();
        }
    }

    private FieldDefinition read(String definition) {
        return json.readValue(definition, FieldDefinition.class);
    }
}
