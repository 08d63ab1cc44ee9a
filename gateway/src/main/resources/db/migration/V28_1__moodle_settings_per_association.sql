-- Issue 18: each association linked in partner mode may have its own Moodle site, set in the console by its ADMIN.
-- The configured association keeps passerelle.moodle.* (no row here). The token is sealed by the secret box and
-- re-sealed by the key rotation like every other stored secret. No row: the association enrols nobody.
CREATE TABLE moodle_sites (
    organization_slug VARCHAR(200) PRIMARY KEY,
    url               VARCHAR(500)  NOT NULL,
    token             VARCHAR(1000) NOT NULL,
    role_id           BIGINT        NOT NULL,
    create_users      BOOLEAN       NOT NULL,
    enrolment_days    INTEGER,
    updated_by        VARCHAR(100),
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The course each offer of a linked association enrols into (passerelle.moodle.courses for the configured one).
CREATE TABLE moodle_site_courses (
    organization_slug VARCHAR(200) NOT NULL,
    offer_id          VARCHAR(100) NOT NULL,
    course_id         BIGINT       NOT NULL,
    PRIMARY KEY (organization_slug, offer_id)
);

-- The Moodle site an enrolment was made in: '' for passerelle.moodle.* (every row made before), else the slug of the
-- linked association whose moodle_sites row it used. A payer's rows are only compared within one site.
ALTER TABLE moodle_enrolments ADD COLUMN moodle_site VARCHAR(200) NOT NULL DEFAULT '';
