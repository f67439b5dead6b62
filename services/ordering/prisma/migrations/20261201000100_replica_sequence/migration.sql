-- The position in the source aggregate's stream (the event's `sequence`) of the last change applied.
-- Replicas keep the highest, so a later change stamped by a slow clock is never dropped. NULL: rows
-- (or publishers) from before events carried it; those are still ordered by `as_of`.
ALTER TABLE buyers ADD COLUMN sequence bigint;
ALTER TABLE catalog_products ADD COLUMN sequence bigint;
