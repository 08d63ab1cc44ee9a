-- What HelloAsso showed of the order paid through this intent when it was last read back and checked (issue 13):
-- a notification that shows nothing more costs no new read.
ALTER TABLE checkout_intents ADD COLUMN verified_state VARCHAR(4000);
