-- A payment HelloAsso shows waiting for the payer's bank (WaitingBankValidation, issue 15): the order stays PENDING
-- (nothing is paid until HelloAsso shows it Authorized), but its page stops offering to pay again.
-- orders.awaiting_bank_since: when the verifier first read it back so (cleared when the order moves on);
-- checkout_intents.awaiting_bank_order_id: the HelloAsso order read back, which HelloAsso does not show on the
-- checkout intent until the payment is authorized (the follow-ups read that order instead).
ALTER TABLE orders ADD COLUMN awaiting_bank_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE checkout_intents ADD COLUMN awaiting_bank_order_id BIGINT;
