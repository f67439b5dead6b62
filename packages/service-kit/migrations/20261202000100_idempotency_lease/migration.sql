-- A pending key is held on a lease its request's process renews while the request runs: a key
-- whose holder died is free again once the lease lapses, seconds after, not after a fixed minute.
-- The default is the minute an instance of the previous version (which does not renew) counted on,
-- so during a rolling deploy its claims are not taken over early.
ALTER TABLE idempotency_keys ADD COLUMN lease_until timestamptz NOT NULL DEFAULT now() + interval '1 minute';
