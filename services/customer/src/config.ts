import { baseConfigSchema, loadConfig, portSchema } from "@ecommerce/service-kit";
import { type Static, Type } from "typebox";

export const CustomerConfig = Type.Object({
  ...baseConfigSchema,
  PORT: portSchema(3003),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  /** A new customer's currency and language until they choose their own. */
  DEFAULT_CURRENCY: Type.String({ pattern: "^[A-Z]{3}$", default: "EUR" }),
  DEFAULT_LANGUAGE: Type.String({ pattern: "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", default: "en" }),
  /** Set: the read-model cache lives in Redis; unset: in process. CACHE_MODE=off disables it. */
  REDIS_URL: Type.Optional(Type.String({ pattern: "^rediss?://" })),
  CACHE_MODE: Type.Optional(Type.Union([Type.Literal("redis"), Type.Literal("memory"), Type.Literal("off")])),
  CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 300 }),
});
export type CustomerConfig = Static<typeof CustomerConfig>;

export function customerConfig(env: NodeJS.ProcessEnv = process.env): CustomerConfig {
  return loadConfig(CustomerConfig, env);
}
