import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import "../auth/request-access.ts";
import { currentContext } from "../context/request-context.ts";
import type { SqlExecutor } from "../database/sql-executor.ts";
import { KitErrors } from "../errors/kit-errors.ts";
import { sendProblem } from "./error-handler.ts";

export interface IdempotencyOptions {
  db: SqlExecutor;
  /** A pending key older than this is taken over: its first request died before answering. */
  staleAfterMs?: number;
  /** Completed keys are kept this long. */
  retainForMs?: number;
}

interface Row {
  fingerprint: string;
  status: "pending" | "complete" | "lost";
  committed_at: Date | null;
  stale: boolean;
  status_code: number | null;
  headers: Record<string, string> | null;
  body: string | null;
}

const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ["content-type", "location", "etag"];

declare module "fastify" {
  interface FastifyRequest {
    idempotency?: { scope: string; key: string };
  }
}

function fingerprint(request: FastifyRequest): string {
  return createHash("sha256")
    .update(`${request.method} ${request.url}\n${JSON.stringify(canonical(request.body ?? null))}`)
    .digest("hex");
}

/** The same JSON with its object keys sorted: a retry that orders its fields differently is the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object" || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
  );
}

/** Each caller has a key space of their own: one client cannot replay or block another's key. */
function scopeOf(request: FastifyRequest): string {
  return request.access?.principal?.subject ?? "anonymous";
}

/** How often a claim tries again when the row it was refused by is gone before it could be read. */
const CLAIM_ATTEMPTS = 3;

/**
 * Claims the key (undefined) or answers the row of the request that holds it. A refused INSERT and
 * the read after it are two statements: a concurrent cleanup (a failed request deleting its key, the
 * retention purge) may delete the row in between. "Nothing to read" then means "try to claim again",
 * never "claimed": a claim without a row records neither the commit nor the answer, so a repeat would
 * run the command a second time.
 */
async function claim(
  db: SqlExecutor,
  scope: string,
  key: string,
  print: string,
  staleMs: number,
): Promise<Row | undefined> {
  for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
    const inserted = await db.$executeRawUnsafe(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, status) VALUES ($1, $2, $3, 'pending')
       ON CONFLICT (scope, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, created_at = now()
         WHERE idempotency_keys.status = 'pending' AND idempotency_keys.committed_at IS NULL
           AND idempotency_keys.created_at < now() - make_interval(secs => $4)`,
      scope,
      key,
      print,
      staleMs / 1000,
    );
    if (inserted === 1) return undefined;
    const rows = await db.$queryRawUnsafe<Row[]>(
      `SELECT fingerprint, status, status_code, headers, body, committed_at,
              created_at < now() - make_interval(secs => $3) AS stale
       FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      scope,
      key,
      staleMs / 1000,
    );
    if (rows[0]) return rows[0];
  }
  // The key keeps changing hands: another request is on it, which is what this answer says.
  const inProgress = { status: "pending", committed_at: null, stale: false } as const;
  return { fingerprint: print, ...inProgress, status_code: null, headers: null, body: null };
}

/**
 * `Idempotency-Key` on POST commands: the first request's response is stored and replayed for
 * repeats; the same key with a different request is refused (422), and a repeat while the first is
 * still running gets 409. Server errors are not stored, so the client may retry them, unless the
 * command had already committed (its unit of work records that on the key): such a key answers 409
 * `idempotency_response_lost` and never runs the command twice.
 */
export const idempotency = fp(
  async (app: FastifyInstance, options: IdempotencyOptions) => {
    const staleMs = options.staleAfterMs ?? 60_000;
    const retainMs = options.retainForMs ?? 24 * 3600_000;

    app.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
      const key = request.headers["idempotency-key"];
      if (request.method !== "POST" || key === undefined) return;
      if (typeof key !== "string" || !KEY.test(key)) {
        return sendProblem(
          reply,
          400,
          KitErrors.INVALID_IDEMPOTENCY_KEY,
          "Idempotency-Key must be 1-255 visible ASCII characters",
        );
      }
      const scope = scopeOf(request);
      const print = fingerprint(request);
      const existing = await claim(options.db, scope, key, print, staleMs);
      if (!existing) {
        request.idempotency = { scope, key };
        const context = currentContext();
        if (context) context.idempotency = { scope, key };
        return;
      }
      if (existing.fingerprint !== print) {
        return sendProblem(
          reply,
          422,
          KitErrors.IDEMPOTENCY_KEY_REUSED,
          "this Idempotency-Key was used with a different request",
        );
      }
      if (
        existing.status === "lost" ||
        (existing.status === "pending" && existing.committed_at && existing.stale)
      ) {
        return sendProblem(
          reply,
          409,
          KitErrors.IDEMPOTENCY_RESPONSE_LOST,
          "the request with this Idempotency-Key took effect, but its response was lost; it is not run again: read the resource to see the result",
        );
      }
      if (existing.status === "pending") {
        return sendProblem(
          reply,
          409,
          KitErrors.IDEMPOTENCY_IN_PROGRESS,
          "a request with this Idempotency-Key is still being processed",
        );
      }
      for (const [name, value] of Object.entries(existing.headers ?? {})) reply.header(name, value);
      return reply
        .header("idempotent-replayed", "true")
        .code(existing.status_code ?? 200)
        .send(existing.body);
    });

    app.addHook("onSend", async (request, reply, payload) => {
      const claimed = request.idempotency;
      if (!claimed) return payload;
      request.idempotency = undefined;
      if (reply.statusCode >= 500) {
        // Not stored, so a retry may run again: unless the command committed before the failure.
        await options.db.$executeRawUnsafe(
          `WITH failed AS (
             DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND committed_at IS NULL RETURNING key
           )
           UPDATE idempotency_keys SET status = 'lost' WHERE scope = $1 AND key = $2 AND committed_at IS NOT NULL`,
          claimed.scope,
          claimed.key,
        );
        return payload;
      }
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      await options.db.$executeRawUnsafe(
        `UPDATE idempotency_keys SET status = 'complete', status_code = $3, headers = $4::jsonb, body = $5
         WHERE scope = $1 AND key = $2`,
        claimed.scope,
        claimed.key,
        reply.statusCode,
        JSON.stringify(headers),
        typeof payload === "string" ? payload : payload == null ? "" : String(payload),
      );
      return payload;
    });

    const purge = setInterval(() => {
      options.db
        .$executeRawUnsafe(
          "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)",
          retainMs / 1000,
        )
        .catch((error: unknown) => app.log.warn({ err: error }, "idempotency purge failed"));
    }, 3600_000);
    purge.unref();
    app.addHook("onClose", async () => clearInterval(purge));
  },
  { name: "idempotency" },
);
