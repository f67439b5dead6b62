-- Billing's own tables: invoices (write side), their gapless numbering, the invoice read model, and
-- the simulated payment provider's ledger (development adapter only; a real provider keeps its own).

-- One counter per year: allocating a number updates this row inside the transaction that stores the
-- invoice, so a rolled-back invoice gives its number back and numbers have no gaps.
CREATE TABLE invoice_sequences (
  year  integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
  last  integer NOT NULL CHECK (last >= 0)
);

CREATE TABLE invoices (
  id              uuid PRIMARY KEY,
  year            integer        NOT NULL,
  sequence        integer        NOT NULL CHECK (sequence >= 1),
  -- One invoice per order: a redelivered OrderAwaitingPayment finds it instead of issuing another.
  order_id        uuid           NOT NULL UNIQUE,
  customer_id     uuid           NOT NULL,
  country         char(2)        NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  tax_rate        numeric(7, 6)  NOT NULL CHECK (tax_rate >= 0 AND tax_rate < 1),
  currency        char(3)        NOT NULL,
  payment_token   text           NOT NULL,
  status          text           NOT NULL CHECK (status IN ('Open', 'Paid', 'Void', 'Refunded')),
  capture_id      text,
  failure_reason  text,
  refund_requested boolean       NOT NULL DEFAULT false,
  -- The payment collector's lease: an instance that takes the invoice's charge (or refund) sets it
  -- ahead; another instance, or the sweeper after a crash, takes it only once it has passed.
  next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
  issued_at       timestamptz(3) NOT NULL,
  version         integer        NOT NULL CHECK (version >= 1),
  UNIQUE (year, sequence),
  CHECK (NOT refund_requested OR status IN ('Paid', 'Refunded')),
  CHECK ((status IN ('Paid', 'Refunded')) = (capture_id IS NOT NULL))
);

CREATE TABLE invoice_lines (
  invoice_id  uuid          NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  position    integer       NOT NULL,
  product_id  uuid          NOT NULL,
  quantity    integer       NOT NULL CHECK (quantity >= 1),
  unit_price  numeric(19, 4) NOT NULL CHECK (unit_price >= 0),
  PRIMARY KEY (invoice_id, position)
);

-- Read side: the invoice as GET /invoices/{id} answers it, one row per invoice.
CREATE TABLE invoice_views (
  id           uuid PRIMARY KEY,
  order_id     uuid           NOT NULL,
  customer_id  uuid           NOT NULL,
  document     jsonb          NOT NULL,
  version      integer        NOT NULL
);
CREATE INDEX invoice_views_order ON invoice_views (order_id, id);
CREATE INDEX invoice_views_customer ON invoice_views (customer_id, id);

-- The simulated provider's memory, by idempotency key: every billing instance sees the same one.
CREATE TABLE simulated_payments (
  idempotency_key  text PRIMARY KEY,
  calls            integer NOT NULL DEFAULT 0,
  result           jsonb
);

-- What the payment collector's sweeper looks for: charges and refunds still to do.
CREATE INDEX invoices_pending_payment ON invoices (next_attempt_at)
  WHERE (status = 'Open' AND failure_reason IS NULL) OR (status = 'Paid' AND refund_requested);
