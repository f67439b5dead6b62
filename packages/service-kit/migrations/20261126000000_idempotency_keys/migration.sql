-- Responses to POST commands, kept per Idempotency-Key so that a repeated request gets the first answer.
CREATE TABLE idempotency_keys (
  scope        text        NOT NULL,
  key          text        NOT NULL,
  fingerprint  text        NOT NULL,
  status       text        NOT NULL CHECK (status IN ('pending', 'complete')),
  status_code  integer,
  headers      jsonb,
  body         text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
