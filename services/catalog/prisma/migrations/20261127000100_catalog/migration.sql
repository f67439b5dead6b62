-- Catalog's own database: categories, products, inventory and reservations (the write side), and
-- product_view (the read side). Other contexts learn about products only from events.

CREATE TABLE categories (
  id          uuid PRIMARY KEY,
  parent_id   uuid REFERENCES categories (id),
  name        text           NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- the ancestors from the root down to this category itself: [{"id", "name"}, ...]
  path        jsonb          NOT NULL,
  depth       integer        NOT NULL CHECK (depth BETWEEN 1 AND 5),
  version     integer        NOT NULL CHECK (version >= 1),
  created_at  timestamptz(3) NOT NULL
);
-- sibling names are unique whatever their case; the roots are siblings of each other
CREATE UNIQUE INDEX categories_sibling_name
  ON categories (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));

CREATE TABLE products (
  id            uuid PRIMARY KEY,
  sku           text           NOT NULL CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  name          text           NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description   text           NOT NULL DEFAULT '',
  price_amount  numeric(19,4)  NOT NULL CHECK (price_amount > 0),
  currency      char(3)        NOT NULL,
  category_id   uuid           NOT NULL REFERENCES categories (id),
  status        text           NOT NULL CHECK (status IN ('Active', 'Discontinued')),
  attributes    jsonb          NOT NULL DEFAULT '{}',
  version       integer        NOT NULL CHECK (version >= 1),
  created_at    timestamptz(3) NOT NULL,
  updated_at    timestamptz(3) NOT NULL
);
-- one SKU, one product, whatever its case: "ab-1" and "AB-1" are the same label in a warehouse
CREATE UNIQUE INDEX products_sku_key ON products (upper(sku));
CREATE INDEX products_category_id ON products (category_id);

-- Inventory, one row per product. The CHECKs are the last line of defence against overselling:
-- whatever the code does, reserved never exceeds on_hand and nothing goes negative.
CREATE TABLE stock_items (
  product_id          uuid PRIMARY KEY REFERENCES products (id),
  on_hand             integer NOT NULL CHECK (on_hand >= 0),
  reserved            integer NOT NULL CHECK (reserved >= 0),
  low_stock_threshold integer NOT NULL CHECK (low_stock_threshold >= 0),
  version             integer NOT NULL CHECK (version >= 1),
  CONSTRAINT stock_items_reserved_within_on_hand CHECK (reserved <= on_hand)
);

-- Every change of on-hand or reserved stock, with its reason (the audit trail of the inventory).
CREATE TABLE stock_movements (
  id              uuid PRIMARY KEY,
  product_id      uuid           NOT NULL REFERENCES products (id),
  kind            text           NOT NULL CHECK (kind IN ('initial', 'adjustment', 'reservation', 'release', 'shipment')),
  on_hand_delta   integer        NOT NULL,
  reserved_delta  integer        NOT NULL,
  on_hand_after   integer        NOT NULL,
  reserved_after  integer        NOT NULL,
  reason          text           NOT NULL,
  order_id        uuid,
  at              timestamptz(3) NOT NULL
);
CREATE INDEX stock_movements_product_id_at ON stock_movements (product_id, at);

-- One row per order that asked for stock: the key that makes reservations idempotent per order.
CREATE TABLE reservations (
  order_id    uuid PRIMARY KEY,
  status      text           NOT NULL CHECK (status IN ('Reserved', 'Refused', 'Released', 'Committed', 'Cancelled')),
  version     integer        NOT NULL CHECK (version >= 1),
  created_at  timestamptz(3) NOT NULL,
  updated_at  timestamptz(3) NOT NULL
);

CREATE TABLE reservation_lines (
  order_id    uuid    NOT NULL REFERENCES reservations (order_id) ON DELETE CASCADE,
  product_id  uuid    NOT NULL,
  position    integer NOT NULL,
  quantity    integer NOT NULL CHECK (quantity > 0),
  -- what was available when a refused reservation was decided (null for reserved lines)
  available   integer,
  PRIMARY KEY (order_id, product_id)
);

-- Read side: one row per product, shaped for the screen and written in the same transaction as any
-- change to the product or its stock. `document` is the product without its stock figures, which
-- live in their own columns so that a reservation updates two integers, not the document.
CREATE TABLE product_view (
  id               uuid PRIMARY KEY,
  sku              text           NOT NULL,
  name             text           NOT NULL,
  status           text           NOT NULL,
  category_id      uuid           NOT NULL,
  -- the product's category and all its ancestors: a list by category includes its subcategories
  category_ids     uuid[]         NOT NULL,
  document         jsonb          NOT NULL,
  on_hand          integer        NOT NULL,
  reserved         integer        NOT NULL,
  low_stock_threshold integer     NOT NULL,
  product_version  integer        NOT NULL,
  stock_version    integer        NOT NULL,
  updated_at       timestamptz(3) NOT NULL
);
CREATE INDEX product_view_category_ids ON product_view USING gin (category_ids);
CREATE INDEX product_view_name_id ON product_view (name, id);
CREATE INDEX product_view_status_name_id ON product_view (status, name, id);

-- Text search on name and SKU with ILIKE '%q%': trigram indexes where pg_trgm can be installed
-- (Azure allow-lists extensions); without them the search still works, by a scan.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX product_view_name_trgm ON product_view USING gin (name gin_trgm_ops);
  CREATE INDEX product_view_sku_trgm ON product_view USING gin (sku gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%); text search runs without trigram indexes', SQLERRM;
END
$$;
