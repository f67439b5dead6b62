import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface FleetService {
  name: string;
  dir: string;
  port: number;
  /** Services that own a database (they have a prisma/ folder) get one named after them; the gateway has none. */
  database: string | undefined;
}

/**
 * What the gateway needs to find the services: `<CONTEXT>_URL` for each other service of the fleet,
 * at its port with the fleet's offset (the variables of services/gateway/src/config.ts).
 */
export function upstreamEnv(services: FleetService[], offset: number): Record<string, string> {
  return Object.fromEntries(
    services
      .filter((s) => s.name !== "gateway")
      .map((s) => [`${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${s.port + offset}`]),
  );
}

// The default ports of docs/architecture.md; a service that is not built yet is simply absent.
const PORTS: Record<string, number> = {
  gateway: 3000,
  catalog: 3001,
  ordering: 3002,
  customer: 3003,
  billing: 3004,
  shipping: 3005,
};

/**
 * The services under services/ that have a `start` script and the entry it and the build run
 * (src/main.ts), in port order.
 */
export function discoverServices(root: string): FleetService[] {
  const servicesDir = join(root, "services");
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(servicesDir, d.name, "package.json")))
    .map((d) => {
      const pkg = JSON.parse(readFileSync(join(servicesDir, d.name, "package.json"), "utf8"));
      return { name: d.name, dir: join(servicesDir, d.name), scripts: pkg.scripts ?? {} };
    })
    .filter((s) => s.scripts.start && existsSync(join(s.dir, "src", "main.ts")))
    .map((s) => ({
      name: s.name,
      dir: s.dir,
      port: PORTS[s.name] ?? 3100,
      database: existsSync(join(s.dir, "prisma")) ? s.name : undefined,
    }))
    .sort((a, b) => a.port - b.port);
}
