-- Issue 13: the claim of an order's checkout creation and its public HelloAsso allowance change at every checkout,
-- and no index reads them. In the orders table each of those updates rewrote the order in every index of the table
-- (H2 removes and re-adds an updated row in all of them: seven); in a table of their own, one. A row is created by the
-- order's first counted call (orders that never asked HelloAsso have none).
CREATE TABLE helloasso_budgets (
    order_id              VARCHAR(36)  PRIMARY KEY REFERENCES orders (id),
    -- set while one request creates a checkout intent, so that a double click does not create two
    checkout_started_at   TIMESTAMP WITH TIME ZONE,
    -- the HelloAsso calls the order's public pages caused in the current window
    public_calls_since    TIMESTAMP WITH TIME ZONE,
    public_calls          INTEGER      NOT NULL
);
INSERT INTO helloasso_budgets (order_id, checkout_started_at, public_calls_since, public_calls)
    SELECT id, checkout_started_at, public_calls_since, public_calls FROM orders
    WHERE checkout_started_at IS NOT NULL OR public_calls_since IS NOT NULL;
-- orders.checkout_started_at, public_calls_since and public_calls are no longer read or written. They stay for this
-- release, so that an instance of the previous one keeps working during a rolling upgrade (it goes on counting there:
-- for those minutes an old and a new instance do not share a double click's claim, and the checkout intent created
-- last is the order's current one, as after a retry); a later release drops them.
