-- Issue 21: the first admin account, chosen through a one-time set-up link when none is configured (real mode).
-- Only a hash of each password and of each link's token is kept.
CREATE TABLE admin_accounts (
    username              VARCHAR(100) PRIMARY KEY,
    password_hash         VARCHAR(200) NOT NULL,
    role                  VARCHAR(20)  NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE setup_links (
    token_hash            VARCHAR(64)  PRIMARY KEY,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at               TIMESTAMP WITH TIME ZONE
);
