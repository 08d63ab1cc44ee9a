-- Issue 17: an API order may send the payer straight back to the host (its returnUrl) once back from HelloAsso.
-- Portable (H2 in PostgreSQL mode and PostgreSQL).
ALTER TABLE orders ADD COLUMN auto_return BOOLEAN DEFAULT FALSE NOT NULL;
