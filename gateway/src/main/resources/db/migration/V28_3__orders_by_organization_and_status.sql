-- The metrics count orders by association and status (passerelle_orders{organization,status}) from this index alone,
-- never the table, as they counted by status from orders_status_idx (V26_2), which it replaces: a status-only
-- condition reads it just as well (its first column). Seconds to build at a million orders.
CREATE INDEX orders_status_organization_idx ON orders (status, organization_slug);
DROP INDEX orders_status_idx;
