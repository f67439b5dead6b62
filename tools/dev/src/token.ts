// `pnpm -s run token --sub <id> --roles orders.write,orders.read [--hours 8]`: prints a token of the
// development issuer (the key pair under <FLEET_DATA_DIR>/auth, made if missing), for curl and
// Swagger UI against `npm start`. A customer: `--sub <customer id> --roles customer`.
import { parseArgs } from "node:util";
import { CUSTOMER_ROLE, STAFF_ROLES, signDevToken } from "@ecommerce/service-kit";
import { devIssuerDir } from "./dev-auth.ts";

const { values } = parseArgs({
  options: {
    sub: { type: "string" },
    roles: { type: "string", default: "" },
    hours: { type: "string", default: "8" },
  },
});
const known = new Set<string>([...STAFF_ROLES, CUSTOMER_ROLE]);
const roles = (values.roles ?? "")
  .split(",")
  .map((r) => r.trim())
  .filter(Boolean);
const unknown = roles.filter((r) => !known.has(r));
const hours = Number(values.hours);
if (!values.sub || unknown.length > 0 || !(hours > 0 && hours <= 24)) {
  if (unknown.length > 0) console.error(`unknown role(s): ${unknown.join(", ")}`);
  console.error("usage: pnpm -s run token --sub <id> --roles <role,...> [--hours 1-24]");
  console.error(`roles: ${[...known].join(", ")}`);
  process.exit(2);
}
process.stdout.write(
  `${await signDevToken({ sub: values.sub, roles, expiresInSeconds: hours * 3600, dir: devIssuerDir() })}\n`,
);
