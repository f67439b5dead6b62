-- The back office lists every order (GET /orders without customerId), filtered by status and by the
-- date the order was placed, newest first in id cursor pages (ids are UUID v7: time ordered).
ALTER TABLE order_view ADD COLUMN order_date timestamptz(3);
UPDATE order_view SET order_date = (document->>'orderDate')::timestamptz WHERE order_date IS NULL;
ALTER TABLE order_view ALTER COLUMN order_date SET NOT NULL;

CREATE INDEX order_view_status_id_idx ON order_view (status, id DESC);
CREATE INDEX order_view_order_date_id_idx ON order_view (order_date DESC, id DESC);
