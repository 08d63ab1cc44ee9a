-- Issue 14: Moodle enrolment that works on a real Moodle. Each row now remembers what it did to the payer's access
-- (so that refunds take back only what Passerelle granted), whether an enrolment was sent without a confirmation (it
-- may exist in Moodle), why it failed in words an administrator can act on, and what a refund took back.
-- HANDLED: an administrator settled a stopped or dead enrolment by hand (Passerelle granted nothing).
-- Portable (H2 in PostgreSQL mode and PostgreSQL). Rows enrolled before this keep access NULL: read as NEW.
ALTER TABLE moodle_enrolments ADD COLUMN role_id BIGINT;
-- NEW, RENEWED, EXTENDED (Passerelle granted), KEPT_ENROLLED, KEPT_OTHER_ROLE (nothing changed in Moodle)
ALTER TABLE moodle_enrolments ADD COLUMN access VARCHAR(20);
-- the window sent to Moodle, in Unix seconds (time_end 0 = no end), and this order's own period (NULL = no end)
ALTER TABLE moodle_enrolments ADD COLUMN time_start BIGINT;
ALTER TABLE moodle_enrolments ADD COLUMN time_end BIGINT;
ALTER TABLE moodle_enrolments ADD COLUMN period_seconds BIGINT;
-- true when the payer had no role in the course before: taking it back removes the enrolment
ALTER TABLE moodle_enrolments ADD COLUMN made_enrolment BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE moodle_enrolments ADD COLUMN other_roles VARCHAR(200);
-- sent to Moodle at that time, not confirmed yet: the next attempt looks at Moodle before sending again
ALTER TABLE moodle_enrolments ADD COLUMN enrol_sent_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE moodle_enrolments ADD COLUMN problem VARCHAR(40);
ALTER TABLE moodle_enrolments ADD COLUMN problem_detail VARCHAR(200);
-- a full refund asked for the access back at that time; what that meant in Moodle
ALTER TABLE moodle_enrolments ADD COLUMN take_back_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE moodle_enrolments ADD COLUMN take_back VARCHAR(20);

ALTER TABLE moodle_enrolments DROP CONSTRAINT moodle_enrolments_status_check;
ALTER TABLE moodle_enrolments ADD CONSTRAINT moodle_enrolments_status_check
    CHECK (status IN ('PENDING', 'ENROLLED', 'NEEDS_ADMIN', 'DEAD', 'HANDLED', 'UNENROLLED'));

-- the payer's rows for one course are looked at (and locked) together
CREATE INDEX moodle_enrolments_course_user_idx ON moodle_enrolments (course_id, moodle_user_id);
CREATE INDEX moodle_enrolments_course_email_idx ON moodle_enrolments (course_id, email);
