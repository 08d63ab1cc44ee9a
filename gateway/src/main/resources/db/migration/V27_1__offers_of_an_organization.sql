-- Issue 18: a console offer is sold for one organization. NULL is the configured organization
-- (passerelle.helloasso.organization, or the emulator's), whatever its slug: going live changes that slug, and every
-- offer of an installation upgraded from one organization stays its own, sold at the same URLs as before. An offer of
-- an association linked in partner mode names it; its payers' pages are under /o/{slug}/.
-- Orders already record their organization (orders.organization_slug, since V1): an upgraded installation's orders
-- hold the configured slug and keep being checked against it.
ALTER TABLE offers ADD COLUMN organization_slug VARCHAR(200);
CREATE INDEX offers_organization_idx ON offers (organization_slug, archived_at, created_at);
