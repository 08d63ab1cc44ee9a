-- Issue 12: a webhook endpoint created for an API key receives only the events of that key's orders (NULL: every
-- order, as the endpoints of the configuration).
ALTER TABLE webhook_endpoints ADD COLUMN api_key_id VARCHAR(40);
