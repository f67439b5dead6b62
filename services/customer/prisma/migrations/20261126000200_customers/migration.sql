CREATE TABLE customers (
  id                 uuid PRIMARY KEY,
  email              text           NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  -- Uniqueness is case-insensitive: the normalised form is the email in lower case, checked here so
  -- that no writer can store it otherwise, and unique so that two concurrent registrations of the
  -- same address (in any case) cannot both commit.
  email_normalized   text           NOT NULL CHECK (email_normalized = lower(email)),
  name               text           NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status             text           NOT NULL CHECK (status IN ('Active', 'Deactivated')),
  marketing_consent  boolean        NOT NULL,
  currency           char(3)        NOT NULL,
  language           text           NOT NULL,
  registered_at      timestamptz(3) NOT NULL,
  deactivated_at     timestamptz(3),
  version            integer        NOT NULL CHECK (version >= 1),
  CHECK ((status = 'Deactivated') = (deactivated_at IS NOT NULL))
);
CREATE UNIQUE INDEX customers_email_normalized_key ON customers (email_normalized);

CREATE TABLE customer_addresses (
  id                   uuid PRIMARY KEY,
  customer_id          uuid     NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  position             integer  NOT NULL,
  line1                text     NOT NULL,
  line2                text,
  city                 text     NOT NULL,
  postal_code          text     NOT NULL,
  country              char(2)  NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  is_default_shipping  boolean  NOT NULL,
  UNIQUE (customer_id, position)
);
-- At most one default shipping address per customer.
CREATE UNIQUE INDEX customer_addresses_one_default ON customer_addresses (customer_id) WHERE is_default_shipping;

CREATE TABLE customer_view (
  id                uuid PRIMARY KEY,
  email_normalized  text           NOT NULL,
  status            text           NOT NULL,
  version           integer        NOT NULL,
  document          jsonb          NOT NULL,
  updated_at        timestamptz(3) NOT NULL
);
CREATE UNIQUE INDEX customer_view_email_normalized_key ON customer_view (email_normalized);
