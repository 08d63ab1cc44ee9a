-- Issue 7: who did an admin action (the admin's user name; NULL for payers and the system), and the index the
-- console's event log and dashboard read by.
ALTER TABLE audit_events ADD COLUMN actor VARCHAR(100);
CREATE INDEX audit_events_created_idx ON audit_events (created_at);
CREATE INDEX audit_events_outcome_idx ON audit_events (outcome, created_at);
CREATE INDEX orders_created_idx ON orders (created_at);
CREATE INDEX notification_inbox_order_idx ON notification_inbox (order_id);
