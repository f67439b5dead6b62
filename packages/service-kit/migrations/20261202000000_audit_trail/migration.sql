-- The audit trail: one row per command a service handled, written in the command's own transaction
-- when it took effect, and on its own after the rollback when it was refused or failed. Append-only:
-- nothing in the code updates or deletes a row. Payloads are redacted before they reach this table.
CREATE TABLE audit_trail (
  id              uuid        PRIMARY KEY,
  at              timestamptz NOT NULL,
  actor_subject   text        NOT NULL,
  actor_roles     text[]      NOT NULL,
  command         text        NOT NULL,
  target_id       text,
  payload         jsonb       NOT NULL,
  correlation_id  text        NOT NULL,
  causation_id    text        NOT NULL,
  outcome         text        NOT NULL,
  duration_ms     integer     NOT NULL CHECK (duration_ms >= 0)
);
-- GET /audit?targetId=: a target's trail, newest first, in cursor pages of (at, id).
CREATE INDEX audit_trail_target_at ON audit_trail (target_id, at DESC, id DESC);
-- Append-only in the database too, not just by convention: a row is never changed or removed by the
-- services' own connections (a retention purge, when one is needed, is an operator's migration).
CREATE FUNCTION audit_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_trail is append-only: % refused', TG_OP;
END $$;
CREATE TRIGGER audit_trail_append_only BEFORE UPDATE OR DELETE ON audit_trail
  FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only();
