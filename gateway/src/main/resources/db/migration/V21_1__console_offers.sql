-- Issue 21: offers created, edited and archived in the admin console (offers from configuration stay there).
-- Portable (H2 in PostgreSQL mode and PostgreSQL). Amounts in cents. Every page reads this table: no cache, so
-- every instance sees a change at once.
CREATE TABLE offers (
    id                    VARCHAR(100) PRIMARY KEY,
    name                  VARCHAR(250) NOT NULL,
    description           VARCHAR(2000) NOT NULL,
    price                 INTEGER,
    min_price             INTEGER      NOT NULL,
    pay_what_you_want     BOOLEAN      NOT NULL,
    donation              BOOLEAN      NOT NULL,
    ask_birth_date        BOOLEAN      NOT NULL,
    instalments           INTEGER      NOT NULL,
    -- Issue 19 (custom payer fields) adds the offer's fields beside this table, keyed by offer id.
    archived_at           TIMESTAMP WITH TIME ZONE,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by            VARCHAR(100) NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by            VARCHAR(100) NOT NULL,
    -- optimistic locking: an edit based on an older version is refused, never silently lost
    version               INTEGER      NOT NULL,
    CONSTRAINT offers_price_check CHECK (pay_what_you_want OR price >= 50),
    CONSTRAINT offers_min_price_check CHECK (min_price >= 50),
    CONSTRAINT offers_instalments_check CHECK (instalments BETWEEN 1 AND 12)
);
CREATE INDEX offers_archived_created_idx ON offers (archived_at, created_at);
