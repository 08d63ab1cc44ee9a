-- Refunds, cancellations and disputes: four more order statuses (one is 18 characters long) and the refund ledger.
ALTER TABLE orders ALTER COLUMN status SET DATA TYPE VARCHAR(24);
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('CREATED', 'PENDING', 'PAID', 'FAILED',
    'EXPIRED', 'CANCELLED', 'REFUNDING', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CONTESTED'));

-- One row per refund of one HelloAsso payment: written (REQUESTED) before HelloAsso is called, so that a refund whose
-- answer was lost (UNCERTAIN) is settled by reading the payment back, never by calling again. Refunds made in
-- HelloAsso's back office are recorded too (origin HELLOASSO), so that the sum never exceeds what was paid.
CREATE TABLE refunds (
    id                    VARCHAR(36)   PRIMARY KEY,
    order_id              VARCHAR(36)   NOT NULL REFERENCES orders (id),
    payment_id            BIGINT        NOT NULL,
    amount                INTEGER       NOT NULL,
    status                VARCHAR(16)   NOT NULL,
    origin                VARCHAR(16)   NOT NULL,
    reason                VARCHAR(500),
    actor                 VARCHAR(100),
    helloasso_refund_id   BIGINT,
    message               VARCHAR(2000),
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT refunds_amount_check CHECK (amount > 0),
    CONSTRAINT refunds_status_check CHECK (status IN ('REQUESTED', 'SUCCEEDED', 'UNCERTAIN', 'NEEDS_MFA', 'FAILED')),
    CONSTRAINT refunds_origin_check CHECK (origin IN ('PASSERELLE', 'HELLOASSO')),
    CONSTRAINT refunds_helloasso_id_unique UNIQUE (helloasso_refund_id)
);
CREATE INDEX refunds_order_idx ON refunds (order_id, created_at);
CREATE INDEX refunds_status_idx ON refunds (status);
CREATE INDEX orders_helloasso_order_idx ON orders (helloasso_order_id);
-- A refund event's webhook id names the order, the event and the refund: msg_{uuid}_order.partially_refunded_{uuid}.
ALTER TABLE webhook_deliveries ALTER COLUMN webhook_id SET DATA TYPE VARCHAR(200);
