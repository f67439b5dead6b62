import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { anonymous } from "../auth/route-access.ts";

export type ReadinessCheck = () => Promise<void>;

// A dependency that hangs must make the service unready, not hang the probe.
const CHECK_TIMEOUT_MS = 3_000;

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const CheckResult = Type.Object({ status: Type.String(), error: Type.Optional(Type.String()) });
const Health = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("unavailable")]),
  checks: Type.Optional(Type.Record(Type.String(), CheckResult)),
});

/**
 * Liveness says the process can serve; readiness says its dependencies answer (database reachable,
 * migrations applied, ...). App Service and load balancers take only 2xx as healthy. In production
 * the probe names the failing check but not its error (which can name hosts and users): that goes
 * to the log.
 */
export function registerHealth(
  app: FastifyInstance,
  checks: Record<string, ReadinessCheck>,
  options: { exposeErrors: boolean } = { exposeErrors: true },
): void {
  const hide = { hide: true };
  app.get(
    "/health/live",
    { schema: { ...hide, response: { 200: Health } }, logLevel: "warn", config: { auth: anonymous() } },
    async () => ({
      status: "ok" as const,
    }),
  );

  app.get(
    "/health/ready",
    {
      schema: { ...hide, response: { 200: Health, 503: Health } },
      logLevel: "warn",
      config: { auth: anonymous() },
    },
    async (request, reply) => {
      const results: Record<string, { status: string; error?: string }> = {};
      await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            await withTimeout(check(), CHECK_TIMEOUT_MS);
            results[name] = { status: "ok" };
          } catch (error) {
            request.log.warn({ err: error, check: name }, "readiness check failed");
            results[name] = options.exposeErrors
              ? { status: "failed", error: (error as Error).message }
              : { status: "failed" };
          }
        }),
      );
      const ok = Object.values(results).every((r) => r.status === "ok");
      return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : "unavailable", checks: results });
    },
  );
}
