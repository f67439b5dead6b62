-- Whose parcel it is (OrderPaid's customerId): a customer reads only their own shipments. Shipments
-- created before it stay NULL: only staff see them.
ALTER TABLE shipments ADD COLUMN customer_id uuid;
ALTER TABLE shipment_views ADD COLUMN customer_id uuid;
CREATE INDEX shipment_views_customer ON shipment_views (customer_id, id);
