-- Issue 6 leftovers: a replayed answer keeps its Location header; expired idempotency keys are purged by age.
-- Portable (H2 in PostgreSQL mode and PostgreSQL).
ALTER TABLE api_idempotency ADD COLUMN response_location VARCHAR(2000);
CREATE INDEX api_idempotency_created_idx ON api_idempotency (created_at);
