package org.passerelle.gateway.field;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The answers stored with each order ({@code order_answers}), written with the order in its transaction. */
@Component
public class OrderAnswers {

    private final JdbcClient jdbc;

    public OrderAnswers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String orderId, List<Answer> answers) {
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            jdbc.sql("""
                    INSERT INTO order_answers (order_id, field_index, field_key, field_type, label_fr, label_en, answer,
                        send_to_helloasso)
                    VALUES (:order, :index, :key, :type, :labelFr, :labelEn, :answer, :send)""")
                    .param("order", orderId).param("index", i).param("key", answer.key())
                    .param("type", answer.type().json()).param("labelFr", answer.labelFr())
                    .param("labelEn", answer.labelEn()).param("answer", answer.value())
                    .param("send", answer.sendToHelloAsso()).update();
        }
    }

    public List<Answer> of(String orderId) {
        return jdbc.sql("SELECT * FROM order_answers WHERE order_id = :order ORDER BY field_index")
                .param("order", orderId).query(OrderAnswers::map).list();
    }

    /**
     * The field keys answered so far, by the orders of {@code offerId} (all orders when null), in the order the
     * questions were asked: the answer columns of a CSV export, known before its first line.
     */
    public List<String> keysAnswered(String offerId) {
        return jdbc.sql("SELECT a.field_key, MIN(a.field_index) AS position FROM order_answers a"
                        + (offerId == null ? "" : " JOIN orders o ON o.id = a.order_id WHERE o.offer_id = :offer")
                        + " GROUP BY a.field_key ORDER BY position, a.field_key")
                .paramSource(offerId == null ? java.util.Map.of() : java.util.Map.of("offer", offerId))
                .query((rs, row) -> rs.getString("field_key")).list();
    }

    /** The answers of many orders (a CSV export), by order id; orders without answers are absent. */
    public Map<String, List<Answer>> of(Collection<String> orderIds) {
        Map<String, List<Answer>> all = new HashMap<>();
        List<String> ids = List.copyOf(orderIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            jdbc.sql("SELECT * FROM order_answers WHERE order_id IN (:ids) ORDER BY order_id, field_index")
                    .param("ids", chunk)
                    .query((rs, row) -> all.computeIfAbsent(rs.getString("order_id"), id -> new ArrayList<>())
                            .add(map(rs, row)))
                    .list();
        }
        return all;
    }

    private static Answer map(ResultSet rs, int row) throws SQLException {
        return new Answer(rs.getString("field_key"), FieldType.parse(rs.getString("field_type")),
                rs.getString("label_fr"), rs.getString("label_en"), rs.getString("answer"),
                rs.getBoolean("send_to_helloasso"));
    }
}
