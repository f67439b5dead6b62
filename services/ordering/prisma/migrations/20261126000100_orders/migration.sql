CREATE TABLE orders (
  id                  uuid PRIMARY KEY,
  customer_id         uuid        NOT NULL,
  order_date          timestamptz(3) NOT NULL,
  status              text        NOT NULL CHECK (status IN
                        ('Pending', 'Confirmed', 'AwaitingPayment', 'Paid', 'Shipped', 'Delivered', 'Cancelled')),
  currency            char(3)     NOT NULL,
  cancellation_reason text,
  version             integer     NOT NULL CHECK (version >= 1)
);
CREATE INDEX orders_customer_id ON orders (customer_id);

CREATE TABLE order_lines (
  order_id    uuid          NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id  uuid          NOT NULL,
  position    integer       NOT NULL,
  quantity    integer       NOT NULL CHECK (quantity > 0),
  unit_price  numeric(19,4) NOT NULL CHECK (unit_price >= 0),
  PRIMARY KEY (order_id, product_id)
);

CREATE TABLE order_view (
  id           uuid PRIMARY KEY,
  customer_id  uuid           NOT NULL,
  status       text           NOT NULL,
  version      integer        NOT NULL,
  document     jsonb          NOT NULL,
  updated_at   timestamptz(3) NOT NULL
);
CREATE INDEX order_view_customer_id_id ON order_view (customer_id, id DESC);
