import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export interface ServiceDirectory {
  name: string;
  dir: string;
}

/** JSON Schema of one variable, as the runner validates it (TypeBox emits JSON Schema). */
export interface VariableSchema {
  default?: unknown;
  type?: string;
  anyOf?: { const?: unknown }[];
  pattern?: string;
}

/** What `node src/main.ts --describe` prints (service-kit's describeService). */
export interface ServiceDescription {
  name: string;
  port: number;
  database: boolean;
  consumesEvents: boolean;
  /** Keeps a read-model cache (Redis in production). */
  cache: boolean;
  configSchema: { properties: Record<string, VariableSchema>; required?: string[] };
  busVariables: string[];
}

/** Every service of the fleet: a folder under services/ with an entry at src/main.ts. */
export function discoverServices(root = repositoryRoot): ServiceDirectory[] {
  const servicesDir = join(root, "services");
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(servicesDir, entry.name, "src", "main.ts")))
    .map((entry) => ({ name: entry.name, dir: join(servicesDir, entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Asks the service itself (its runner's --describe) for its name, port and variables. */
export async function describeService(service: ServiceDirectory): Promise<ServiceDescription> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "src/main.ts", "--describe"],
    { cwd: service.dir, env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent" }, maxBuffer: 16 << 20 },
  );
  const description = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as ServiceDescription;
  if (description.name !== service.name) {
    throw new Error(`services/${service.name} declares itself as "${description.name}": the folder names it`);
  }
  return description;
}

export function describeServices(root = repositoryRoot): Promise<ServiceDescription[]> {
  return Promise.all(discoverServices(root).map(describeService));
}

/** A variable a deployment must set: required by the schema and without a default. */
export function requiredVariables(description: ServiceDescription): string[] {
  const { properties, required = [] } = description.configSchema;
  return required.filter((name) => properties[name]?.default === undefined);
}

/** Every variable the service reads: its runner's schema (its own included) and the bus's. */
export function knownVariables(description: ServiceDescription): Set<string> {
  return new Set([...Object.keys(description.configSchema.properties), ...description.busVariables]);
}

/**
 * The variables through which a service reaches another one over HTTP (the gateway's `CATALOG_URL`,
 * …): `<OTHER>_URL` for every other service of the fleet that its schema declares.
 */
export function upstreamVariables(
  description: ServiceDescription,
  fleet: readonly ServiceDescription[],
): Record<string, string> {
  const upstreams: Record<string, string> = {};
  for (const other of fleet) {
    const variable = `${other.name.toUpperCase()}_URL`;
    if (other.name !== description.name && variable in description.configSchema.properties)
      upstreams[variable] = other.name;
  }
  return upstreams;
}
