-- Issue 19: the questions an offer asks its payers, and their answers with each order.
-- Portable (H2 in PostgreSQL mode and PostgreSQL). Numbered after the migrations merged before it (V21_2), so that no
-- database sees an older one arrive. offer_fields is keyed by the offer's id without a foreign key: console offers
-- are in the offers table, configured ones nowhere.
CREATE TABLE offer_fields (
    offer_id      VARCHAR(100)  NOT NULL,
    field_index   INTEGER       NOT NULL,
    -- the field's definition, as JSON (key, type, labels, help, constraints)
    definition    VARCHAR(20000) NOT NULL,
    PRIMARY KEY (offer_id, field_index)
);

-- Each answer keeps the question as it was asked (key, type, labels): changing the offer later changes nothing here.
CREATE TABLE order_answers (
    order_id          VARCHAR(36)   NOT NULL REFERENCES orders (id),
    field_index       INTEGER       NOT NULL,
    field_key         VARCHAR(40)   NOT NULL,
    field_type        VARCHAR(16)   NOT NULL,
    label_fr          VARCHAR(200)  NOT NULL,
    label_en          VARCHAR(200)  NOT NULL,
    answer            VARCHAR(4000) NOT NULL,
    send_to_helloasso BOOLEAN       NOT NULL,
    PRIMARY KEY (order_id, field_index),
    CONSTRAINT order_answers_key_unique UNIQUE (order_id, field_key)
);

-- The console's offer filter (and its CSV export) reads one offer's orders, newest first, from an index.
CREATE INDEX orders_offer_created ON orders (offer_id, created_at, id);
