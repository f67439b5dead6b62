-- Shipping's own tables: shipments (write side) and the shipment read model with its tracking view.

CREATE TABLE shipments (
  id               uuid PRIMARY KEY,
  -- One shipment per paid order: a redelivered OrderPaid finds it instead of creating another.
  order_id         uuid           NOT NULL UNIQUE,
  status           text           NOT NULL CHECK (status IN ('Pending', 'Dispatched', 'Delivered', 'Cancelled')),
  -- [{productId, quantity}]: what the order paid for, as it was paid for.
  lines            jsonb          NOT NULL,
  -- The address snapshot taken from OrderPaid: later changes to the customer do not move a parcel.
  address          jsonb          NOT NULL,
  carrier          text,
  tracking_number  text,
  -- [{status, at}]: every step, oldest first.
  history          jsonb          NOT NULL,
  created_at       timestamptz(3) NOT NULL,
  version          integer        NOT NULL CHECK (version >= 1),
  CHECK ((status IN ('Dispatched', 'Delivered')) = (tracking_number IS NOT NULL))
);

-- Read side: the shipment as GET /shipments/{id} answers it, and the tracking view by number.
CREATE TABLE shipment_views (
  id               uuid PRIMARY KEY,
  order_id         uuid    NOT NULL,
  tracking_number  text,
  document         jsonb   NOT NULL,
  version          integer NOT NULL
);
CREATE INDEX shipment_views_order ON shipment_views (order_id, id);
CREATE INDEX shipment_views_tracking ON shipment_views (tracking_number) WHERE tracking_number IS NOT NULL;
