-- Issue 18: a console user is ADMIN or VIEWER per organization; a super-admin manages the organizations (the
-- Associations page, linking) and is ADMIN of every one, linked later or not. Every ADMIN account that exists before
-- this migration (the first admin, made with the set-up link) becomes a super-admin, so that an installation upgraded
-- from one organization behaves exactly as before; a VIEWER row (only ever inserted by hand) is never raised to one.
ALTER TABLE admin_accounts ADD COLUMN super_admin BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE admin_accounts SET super_admin = TRUE WHERE role = 'ADMIN';

-- The organizations an account that is not a super-admin may see (VIEWER) or act for (ADMIN).
CREATE TABLE admin_account_organizations (
    username              VARCHAR(100) NOT NULL REFERENCES admin_accounts (username),
    organization_slug     VARCHAR(200) NOT NULL,
    role                  VARCHAR(20)  NOT NULL,
    PRIMARY KEY (username, organization_slug),
    CONSTRAINT admin_account_organizations_role_check CHECK (role IN ('ADMIN', 'VIEWER'))
);
