-- Issue 18: an API key belongs to one organization, and the orders it creates to that organization. NULL is the
-- configured organization (every key of an installation upgraded from one organization, and the keys of
-- passerelle.api.keys), whatever its slug. A key reads and changes only its own orders, so never another
-- organization's; a webhook endpoint of a key hears only that key's orders, and one without a key (the
-- configuration's) only the configured organization's.
ALTER TABLE api_keys ADD COLUMN organization_slug VARCHAR(200);
