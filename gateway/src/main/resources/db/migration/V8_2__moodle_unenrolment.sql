-- A full refund can take a Moodle enrolment back (passerelle.refunds.moodle-unenrol): the row says so.
ALTER TABLE moodle_enrolments DROP CONSTRAINT moodle_enrolments_status_check;
ALTER TABLE moodle_enrolments ADD CONSTRAINT moodle_enrolments_status_check
    CHECK (status IN ('PENDING', 'ENROLLED', 'DEAD', 'UNENROLLED'));
