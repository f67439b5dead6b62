-- Transactional outbox and inbox of @ecommerce/messaging, applied to each service's own database
-- together with the service's migrations. Plain statements in one transaction: no CONCURRENTLY.

-- Events waiting to be published, written in the same transaction as the state change they report.
-- `position` is the publishing order; per subject (aggregate) it follows commit order because the
-- aggregate's row lock serialises its writers.
CREATE TABLE messaging_outbox (
  position   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id   uuid        NOT NULL UNIQUE,
  event_type text        NOT NULL,
  subject    text        NOT NULL,
  envelope   jsonb       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at    timestamptz
);

-- The relay's work list stays small however long sent rows are kept.
CREATE INDEX messaging_outbox_unsent ON messaging_outbox (position) WHERE sent_at IS NULL;
CREATE INDEX messaging_outbox_unsent_subject ON messaging_outbox (subject, position) WHERE sent_at IS NULL;
CREATE INDEX messaging_outbox_sent_at ON messaging_outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Wakes the relay when the inserting transaction commits (NOTIFY is transactional), once per
-- statement rather than once per row.
CREATE FUNCTION messaging_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('messaging_outbox', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER messaging_outbox_notify
  AFTER INSERT ON messaging_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION messaging_outbox_notify();

-- Events a consumer has already handled, recorded in the same transaction as the handler's effect:
-- a redelivery finds its row and does nothing.
CREATE TABLE messaging_inbox (
  subscription text        NOT NULL,
  event_id     uuid        NOT NULL,
  handled_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subscription, event_id)
);

CREATE INDEX messaging_inbox_handled_at ON messaging_inbox (handled_at);
