import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { injectAsIs } from "./default-authorization.ts";
import { testIssuer } from "./test-issuer.ts";

/** What the helpers need of a connection: Prisma clients and service-kit's SqlExecutor have it. */
interface RawSql {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** A row of a service's `audit_trail` table (service-kit's migration), as tests read it. */
export interface AuditRow {
  id: string;
  at: Date;
  actor: { subject: string; roles: string[] };
  command: string;
  targetId: string | null;
  payload: Record<string, unknown>;
  correlationId: string;
  causationId: string;
  outcome: string;
}

interface Raw {
  id: string;
  at: Date | string;
  actor_subject: string;
  actor_roles: string[];
  command: string;
  target_id: string | null;
  payload: Record<string, unknown>;
  correlation_id: string;
  causation_id: string;
  outcome: string;
}

/** The audit rows of a correlation or a target (or all), oldest first: read directly from the table. */
export async function auditRows(
  db: RawSql,
  filter: { correlationId?: string; targetId?: string } = {},
): Promise<AuditRow[]> {
  const rows = await db.$queryRawUnsafe<Raw[]>(
    `SELECT id::text, at, actor_subject, actor_roles, command, target_id, payload, correlation_id,
            causation_id, outcome
       FROM audit_trail
      WHERE ($1::text IS NULL OR correlation_id = $1) AND ($2::text IS NULL OR target_id = $2)
      ORDER BY at, id`,
    filter.correlationId ?? null,
    filter.targetId ?? null,
  );
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at),
    actor: { subject: r.actor_subject, roles: r.actor_roles },
    command: r.command,
    targetId: r.target_id,
    payload: r.payload,
    correlationId: r.correlation_id,
    causationId: r.causation_id,
    outcome: r.outcome,
  }));
}

/**
 * Makes PostgreSQL refuse every audit row of `command` (a trigger raising an exception), as a full
 * disk or a revoked privilege would refuse them; the returned function lifts it.
 */
export async function refuseAuditRows(db: RawSql, command: string): Promise<() => Promise<void>> {
  const name = `refuse_audit_${command.replace(/\W/g, "_").toLowerCase()}`.slice(0, 60);
  await db.$executeRawUnsafe(
    `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN RAISE EXCEPTION 'audit_trail refuses %', NEW.command; END $$`,
  );
  await db.$executeRawUnsafe(
    `CREATE TRIGGER ${name} BEFORE INSERT ON audit_trail FOR EACH ROW
       WHEN (NEW.command = '${command.replace(/'/g, "''")}') EXECUTE FUNCTION ${name}()`,
  );
  return async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${name} ON audit_trail`);
  };
}

/** What `auditPages` needs of an app: Fastify's `inject`. */
interface Injectable {
  inject(request: {
    method: "GET";
    url: string;
    query: Record<string, string>;
    headers: Record<string, string>;
  }): PromiseLike<{ statusCode: number; body: string; json<T = unknown>(): T }>;
}

/** An entry as `GET /audit` answers it. */
export interface AuditItem {
  id: string;
  at: string;
  actor: { subject: string; roles: string[] };
  command: string;
  targetId: string | null;
  payload: Record<string, unknown>;
  correlationId: string;
  causationId: string;
  outcome: string;
  durationMs: number;
}

/** Follows `GET /audit?targetId=` from the first page to the last; fails unless each answers 200. */
export async function auditPages(
  app: Injectable,
  targetId: string,
  limit: number,
  headers: Record<string, string> = {},
): Promise<{ pages: number; items: AuditItem[] }> {
  const items: AuditItem[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: Record<string, string> = { targetId, limit: String(limit), ...(cursor ? { cursor } : {}) };
    const res = await app.inject({ method: "GET", url: "/audit", query, headers });
    if (res.statusCode !== 200) throw new Error(`GET /audit answered ${res.statusCode}: ${res.body}`);
    const page = res.json<{ items: AuditItem[]; nextCursor: string | null }>();
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { pages, items };
}

/**
 * `GET /audit` is for admin tokens only: without a token 401, with a staff role of a context or as a
 * customer 403, as admin 200. Requests go as they are (no default token of the test app).
 */
export async function expectAuditAdminOnly(
  app: object,
  targetId: string,
  staffRoles: string[],
): Promise<void> {
  const inject = injectAsIs(app) as (options: unknown) => Promise<{ statusCode: number; body: string }>;
  const issuer = await testIssuer();
  const get = async (roles: string[] | undefined) => {
    const token = roles && (await issuer.tokenFor({ sub: randomUUID(), roles }));
    const res = await inject({
      method: "GET",
      url: `/audit?targetId=${encodeURIComponent(targetId)}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return res.statusCode;
  };
  expect(await get(undefined), "no token").toBe(401);
  expect(await get(staffRoles), `a token with ${staffRoles.join(", ")}`).toBe(403);
  expect(await get(["customer"]), "a customer's token").toBe(403);
  expect(await get(["admin"]), "an admin's token").toBe(200);
}
