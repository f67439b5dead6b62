import { baseConfigSchema, loadConfig, portSchema } from "@ecommerce/service-kit";
import { type Static, Type } from "typebox";

export const CatalogConfig = Type.Object({
  ...baseConfigSchema,
  PORT: portSchema(3001),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  /** Set: the cache is Redis. Unset: an in-process LRU. */
  REDIS_URL: Type.Optional(Type.String({ pattern: "^rediss?://" })),
  /** `off` disables caching (troubleshooting, benchmarks); otherwise chosen by REDIS_URL. */
  CACHE_MODE: Type.Optional(Type.Union([Type.Literal("auto"), Type.Literal("off")])),
  CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 300 }),
  /** `false`: no bus (no subscriptions, the outbox is not relayed). Required in production. */
  BUS_ENABLED: Type.Boolean({ default: true }),
});
export type CatalogConfig = Static<typeof CatalogConfig>;

export function catalogConfig(env: NodeJS.ProcessEnv = process.env): CatalogConfig {
  return loadConfig(CatalogConfig, env);
}
