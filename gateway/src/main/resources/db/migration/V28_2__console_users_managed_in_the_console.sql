-- Issue 18: a super-admin creates, changes, disables and deletes console accounts from the console (/admin/users).
-- A disabled account cannot log in, and a user whose account is disabled is logged out at their next request (the
-- scope is read from these rows at every console request, on every instance).
ALTER TABLE admin_accounts ADD COLUMN disabled BOOLEAN DEFAULT FALSE NOT NULL;
