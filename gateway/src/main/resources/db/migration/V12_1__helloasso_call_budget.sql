-- Issue 12: the HelloAsso calls an order's public pages caused in the current window (return, "check now", a new
-- checkout), counted in the database so that the limit holds whatever the number of instances.
ALTER TABLE orders ADD COLUMN public_calls_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE orders ADD COLUMN public_calls INTEGER NOT NULL DEFAULT 0;
