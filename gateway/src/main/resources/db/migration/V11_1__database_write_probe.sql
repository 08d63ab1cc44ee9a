-- Issue 11: readiness proves that the database takes a write, not only that it answers a SELECT. One row, rewritten
-- and committed by each probe (whichever instance runs it). Its CHECK constraint is evaluated on every write like the
-- other tables' are: H2 2.4.240 failed exactly there while every SELECT still worked. Portable (H2 and PostgreSQL).
CREATE TABLE health_probe (
    probe                 VARCHAR(16)  PRIMARY KEY,
    checked_by            VARCHAR(100) NOT NULL,
    checked_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT health_probe_check CHECK (probe IN ('write'))
);
INSERT INTO health_probe (probe, checked_by, checked_at) VALUES ('write', 'migration', CURRENT_TIMESTAMP);
