import { Type } from "typebox";

/** Variables every service reads; a service extends this with its own. */
export const baseConfigSchema = {
  NODE_ENV: Type.Union([Type.Literal("development"), Type.Literal("test"), Type.Literal("production")], {
    default: "development",
  }),
  HOST: Type.String({ default: "127.0.0.1", minLength: 1 }),
  LOG_LEVEL: Type.Union(
    ["fatal", "error", "warn", "info", "debug", "trace", "silent"].map((l) => Type.Literal(l)),
    { default: "info" },
  ),
  DATABASE_URL: Type.String({ pattern: "^postgres(ql)?://" }),
  MIGRATE_ON_START: Type.Boolean({ default: true }),
  SERVICE_ROLE: Type.Union([Type.Literal("all"), Type.Literal("read"), Type.Literal("write")], {
    default: "all",
  }),
};

export function portSchema(defaultPort: number) {
  return Type.Integer({ minimum: 0, maximum: 65535, default: defaultPort });
}
