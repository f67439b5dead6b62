import { baseConfigSchema, loadConfig, portSchema } from "@ecommerce/service-kit";
import { type Static, Type } from "typebox";

export const OrderingConfig = Type.Object({
  ...baseConfigSchema,
  PORT: portSchema(3002),
  DEFAULT_CURRENCY: Type.String({ pattern: "^[A-Z]{3}$", default: "EUR" }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
});
export type OrderingConfig = Static<typeof OrderingConfig>;

export function orderingConfig(env: NodeJS.ProcessEnv = process.env): OrderingConfig {
  return loadConfig(OrderingConfig, env);
}
