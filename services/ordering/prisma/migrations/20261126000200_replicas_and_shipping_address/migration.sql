-- Where the order ships to (taken from the buyer's default address unless the order names one).
ALTER TABLE orders ADD COLUMN shipping_address jsonb;

-- Replicas of what other contexts published: ordering never asks them at request time.
-- `as_of` is the time of the last event applied, so an older event arriving late changes nothing.
CREATE TABLE buyers (
  customer_id               uuid PRIMARY KEY,
  name                      text        NOT NULL,
  default_shipping_address  jsonb,
  active                    boolean     NOT NULL,
  as_of                     timestamptz NOT NULL
);

CREATE TABLE catalog_products (
  product_id  uuid PRIMARY KEY,
  sku         text          NOT NULL,
  name        text          NOT NULL,
  unit_price  numeric(19,4) NOT NULL CHECK (unit_price >= 0),
  currency    char(3)       NOT NULL,
  active      boolean       NOT NULL,
  as_of       timestamptz   NOT NULL
);
