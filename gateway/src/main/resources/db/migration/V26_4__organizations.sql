-- Issue 18: organizations are first-class. The configured organization (passerelle.helloasso.organization, or the
-- emulator's) is recorded at every start as CONFIGURED; associations linked through HelloAsso's partner mode are
-- PARTNER. Tokens and signature keys are sealed by SecretBox (v1:<key id>:…), never stored in clear.
CREATE TABLE organizations (
    slug                      VARCHAR(200) PRIMARY KEY,
    name                      VARCHAR(300),
    environment               VARCHAR(300) NOT NULL,
    connection_type           VARCHAR(20)  NOT NULL,
    linked_by                 VARCHAR(100),
    linked_at                 TIMESTAMP WITH TIME ZONE,
    notification_url_set_at   TIMESTAMP WITH TIME ZONE,
    notification_signature_key VARCHAR(500),
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The partner's tokens for one linked organization; the refresh token rotates at every refresh.
CREATE TABLE organization_tokens (
    organization_slug         VARCHAR(200) PRIMARY KEY,
    access_token              VARCHAR(4000) NOT NULL,
    refresh_token             VARCHAR(4000),
    obtained_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                TIMESTAMP WITH TIME ZONE NOT NULL
);
