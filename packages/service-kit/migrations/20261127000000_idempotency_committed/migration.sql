-- When the command of a request with an Idempotency-Key commits, its key records it in the same
-- transaction. A key whose command took effect is never run again, even if its response was lost
-- (the process died before storing it, or answering failed after the commit).
ALTER TABLE idempotency_keys ADD COLUMN committed_at timestamptz;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_status_check;
ALTER TABLE idempotency_keys
  ADD CONSTRAINT idempotency_keys_status_check CHECK (status IN ('pending', 'complete', 'lost'));
