-- Every queue (fulfilments, webhook deliveries, Moodle enrolments, notification inbox) now claims only rows whose
-- next_attempt_at is due: an inbox entry waiting with none (the column allows it) is due since it was received.
UPDATE notification_inbox SET next_attempt_at = received_at
WHERE next_attempt_at IS NULL AND status IN ('RECEIVED', 'RETRY');
