-- The payment provider's token the customer chose when placing the order, handed to billing with
-- OrderAwaitingPayment. Orders placed before it existed pay as an order placed without one does.
ALTER TABLE orders ADD COLUMN payment_token text NOT NULL DEFAULT 'tok_ok'
  CHECK (payment_token ~ '^[A-Za-z0-9_-]{1,100}$');

-- Every status change of the order, oldest first: [{status, at, cause?, causedBy?: {kind, type, id}}].
-- Orders placed before it existed start their history at their next change.
ALTER TABLE orders ADD COLUMN history jsonb NOT NULL DEFAULT '[]';
