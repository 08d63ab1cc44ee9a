-- Some events happen more than once per order (each instalment paid, each partial refund): the outbox row is unique
-- per (order, event, key), the key naming the occurrence ('' for once-per-order events such as order.paid).
ALTER TABLE fulfilments ADD COLUMN event_key VARCHAR(100) DEFAULT '' NOT NULL;
ALTER TABLE fulfilments DROP CONSTRAINT fulfilments_order_event_unique;
ALTER TABLE fulfilments ADD CONSTRAINT fulfilments_order_event_unique UNIQUE (order_id, event, event_key);
