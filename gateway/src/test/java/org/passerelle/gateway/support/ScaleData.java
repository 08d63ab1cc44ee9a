package org.passerelle.gateway.support;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Realistic data in bulk on PostgreSQL, with set-based SQL (generate_series): a million orders take minutes, not
 * hours. Used by the scale benchmark and the index/plan test.
 */
public final class ScaleData {

    public static final String API_KEY_ID = "scale-key";

    private ScaleData() {
    }

    /**
     * N orders over two years, newest last, owned by the API key {@link #API_KEY_ID}; 5 audit events each; a
     * fulfilment and its delivery per paid order.
     */
    public static void seed(JdbcClient jdbc, int n, String apiSecretHash) {
        jdbc.sql("""
                INSERT INTO api_keys (id, name, prefix, secret_hash, from_configuration, created_at)
                VALUES ('scale-key', 'scale benchmark', 'pk_scale…', :hash, FALSE, now() - interval '3 years')
                """).param("hash", apiSecretHash).update();
        // statuses: 60% paid, 10% refunded or partly, then expired, failed, cancelled, pending, created
        jdbc.sql("""
                INSERT INTO orders (id, status, offer_id, item_name, amount, initial_amount, contains_donation,
                    payer_first_name, payer_last_name, payer_email, payer_country, reference, organization_slug,
                    access_token_hash, checkout_intent_id, helloasso_order_id, helloasso_payment_id, receipt_url,
                    created_at, updated_at, paid_at, api_key_id, instalments)
                SELECT CAST(md5('order' || g) AS uuid)::text, s.status, 'adhesion', 'Adhésion annuelle',
                    1000 + (g % 90) * 100, 1000 + (g % 90) * 100, FALSE,
                    p.first, p.last, lower(p.first || '.' || p.last) || (g % 100) || '@'
                        || (ARRAY['gmail.com', 'orange.fr', 'free.fr', 'laposte.net', 'yahoo.fr', 'hotmail.fr',
                            'sfr.fr', 'outlook.com'])[1 + g % 8], 'FRA', 'ref-' || g, 'bench',
                    md5('token' || g),
                    CASE WHEN s.status = 'CREATED' THEN NULL ELSE 1000000 + g END,
                    CASE WHEN s.paid THEN 2000000 + g END, CASE WHEN s.paid THEN 3000000 + g END,
                    CASE WHEN s.paid THEN 'https://www.helloasso-sandbox.com/receipt/' || g END,
                    c.at, c.at + interval '5 minutes', CASE WHEN s.paid THEN c.at + interval '3 minutes' END,
                    'scale-key', 1
                FROM generate_series(1, :n) g
                CROSS JOIN LATERAL (SELECT now() - (interval '730 days') * (1 - g::float8 / :n) AS at) c
                CROSS JOIN LATERAL (SELECT (ARRAY['Marie', 'Jean', 'Camille', 'Louis', 'Léa', 'Hugo', 'Chloé', 'Lucas',
                        'Manon', 'Gabriel', 'Inès', 'Arthur', 'Jade', 'Jules', 'Louise', 'Paul', 'Alice', 'Nathan',
                        'Emma', 'Raphaël'])[1 + g % 20] AS first,
                    initcap(translate(substr(md5('name' || (g % 50000)), 1, 8), '0123456789', 'aeioubcdfl')) AS last) p
                CROSS JOIN LATERAL (SELECT st AS status, st IN ('PAID', 'REFUNDED', 'PARTIALLY_REFUNDED') AS paid
                    FROM (SELECT (ARRAY['PAID','PAID','PAID','PAID','PAID','PAID','REFUNDED','EXPIRED','FAILED',
                        'CANCELLED','PENDING','CREATED','PARTIALLY_REFUNDED','EXPIRED','PAID','PAID','PAID','PAID',
                        'EXPIRED','PAID'])[1 + g % 20] AS st) x) s
                """).param("n", n).update();
        // the console's search columns, as OrderRepository.insert writes them (seeded before migration V26_2, the
        // migration fills them)
        if (jdbc.sql("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = 'orders' AND column_name = 'search_email'").query(Long.class).single() > 0) {
            jdbc.sql("UPDATE orders SET " + db.migration.V26_2__search_columns_and_counts.SEARCH_COLUMNS).update();
        }
        jdbc.sql("""
                INSERT INTO fulfilments (order_id, event, status, attempts, next_attempt_at, created_at, delivered_at,
                    event_key)
                SELECT id, 'order.paid', 'DELIVERED', 1, paid_at, paid_at, paid_at, '' FROM orders
                WHERE paid_at IS NOT NULL ORDER BY paid_at
                """).update();
        jdbc.sql("""
                INSERT INTO fulfilment_deliveries (fulfilment_id, order_id, event, handler, delivered_at)
                SELECT id, order_id, event, 'log', delivered_at FROM fulfilments ORDER BY id
                """).update();
        // per paid order, HelloAsso's Payment notification as received (processed) and one webhook delivery to the
        // host (delivered), each with a body of 1.5 KB of incompressible text: an upper bound of what they take
        jdbc.sql("""
                INSERT INTO notification_inbox (body_hash, body, headers, client_ip, event_type, status, order_id,
                    outcome, copies, attempts, received_at, processed_at)
                SELECT md5('notification' || id), b.body, '{"content-type":"application/json"}', '203.0.113.9',
                    'Payment', 'PROCESSED', id, 'paid', 1, 1, paid_at, paid_at
                FROM orders CROSS JOIN LATERAL (SELECT string_agg(md5(id || k), '') AS body
                    FROM generate_series(1, 48) k) b
                WHERE paid_at IS NOT NULL ORDER BY paid_at
                """).update();
        jdbc.sql("""
                INSERT INTO webhook_deliveries (fulfilment_id, order_id, endpoint_id, endpoint_url, event, event_key,
                    webhook_id, payload, status, attempts, last_http_status, next_attempt_at, delivered_at, created_at)
                SELECT f.id, f.order_id, 'host', 'https://host.example.org/passerelle', f.event, '',
                    'wh-' || f.id, b.body, 'DELIVERED', 1, 200, f.delivered_at, f.delivered_at, f.created_at
                FROM fulfilments f CROSS JOIN LATERAL (SELECT string_agg(md5(f.order_id || 'w' || k), '') AS body
                    FROM generate_series(1, 48) k) b
                ORDER BY f.id
                """).update();
        // five events per order, in time order (as the log writes them); one order in 50 had a refused card
        jdbc.sql("""
                INSERT INTO audit_events (order_id, action, outcome, amount, helloasso_reference, message, http_status,
                    client_ip, created_at)
                SELECT o.id, a.action,
                    CASE WHEN a.k = 3 AND abs(hashtext(o.id)) % 50 = 0 THEN 'error' ELSE 'success' END,
                    o.amount, CASE WHEN a.k >= 2 THEN 'checkout-intent ' || o.checkout_intent_id END,
                    a.message, CASE WHEN a.k = 3 THEN 200 END, '203.0.113.' || (abs(hashtext(o.id)) % 250),
                    o.created_at + a.k * interval '1 minute'
                FROM orders o
                CROSS JOIN (VALUES (0, 'order.created', 'Order created by API key pk_scale…'),
                    (1, 'checkout.created', 'Checkout intent created at HelloAsso'),
                    (2, 'checkout.return', 'Payer back from HelloAsso'),
                    (3, 'payment.verified', 'Payment read back from HelloAsso (return)'),
                    (4, 'fulfilment.delivered', 'order.paid delivered to log')) a(k, action, message)
                ORDER BY o.created_at, a.k
                """).update();
    }

}
