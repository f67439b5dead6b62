import type { BusConfig, BusEntities, EventBus, OutboxRelay } from "@ecommerce/messaging";
import pg from "pg";
import type { Cache } from "../cache/cache.ts";
import type { ReadinessCheck } from "../http/health.ts";

export interface RuntimeReadiness {
  checks: Record<string, ReadinessCheck>;
  close(): Promise<void>;
}

/**
 * The readiness checks of what the runner starts, each under its own name: `bus` (the bus checks
 * itself where its transport can, `EventBus.checkReady`: on Service Bus the namespace answers and the
 * service's topic and subscriptions exist; otherwise, on postgres, its database answers), `relay`
 * (publishing succeeds and the oldest waiting row is younger than `maxLagSeconds`) and `redis`.
 * The database and migrations checks are the app's own (databaseReadiness).
 */
export function runtimeReadiness(parts: {
  bus?: BusConfig | undefined;
  /** The bus built from `bus`, and what this process needs of it (read when probed). */
  eventBus?: EventBus | undefined;
  entities?: () => BusEntities;
  relay?: OutboxRelay | undefined;
  maxLagSeconds: number;
  cache?: Cache | undefined;
}): RuntimeReadiness {
  const checks: Record<string, ReadinessCheck> = {};
  let busPool: pg.Pool | undefined;
  const checkReady = parts.eventBus?.checkReady?.bind(parts.eventBus);
  if (parts.bus && checkReady) {
    checks.bus = () => checkReady(parts.entities?.() ?? { topics: [], subscriptions: [] });
  } else if (parts.bus?.transport === "postgres") {
    const pool = new pg.Pool({
      ...(parts.bus.connection ?? { connectionString: parts.bus.databaseUrl }),
      max: 1,
      application_name: "bus-readiness",
    });
    pool.on("error", () => undefined);
    busPool = pool;
    checks.bus = async () => {
      await pool.query("SELECT 1");
    };
  } else if (parts.bus) {
    checks.bus = async () => undefined;
  }
  const relay = parts.relay;
  if (relay) {
    checks.relay = async () => {
      if (!relay.healthy) throw new Error("publishing the outbox keeps failing");
      const backlog = await relay.backlog();
      if (backlog.oldestPendingSeconds > parts.maxLagSeconds) {
        throw new Error(
          `${backlog.pending} event(s) waiting, the oldest for ${Math.round(backlog.oldestPendingSeconds)} s`,
        );
      }
    };
  }
  const cache = parts.cache;
  if (cache?.kind === "redis") checks.redis = () => cache.ping();
  return { checks, close: async () => busPool?.end() };
}
