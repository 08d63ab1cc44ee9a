-- What HelloAsso showed of the order paid through this intent when it was last read back and checked (issue 13):
-- a notification that shows nothing more costs no new read.
-- Numbered after the migrations merged before it (V23_1), so that no database sees an older one arrive.
ALTER TABLE checkout_intents ADD COLUMN verified_state VARCHAR(4000);
