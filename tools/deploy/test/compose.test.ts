import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { emulatorInfra, generatedFiles, postgresInit } from "../src/azure-files.ts";
import { knownVariables, repositoryRoot, requiredVariables, upstreamVariables } from "../src/services.ts";

// docker compose cannot run here (no Docker engine): the file is checked against what the services
// declare (their --describe), so a service, a port or a variable cannot be missing or misspelt.
const services = inject("services");
const read = (path: string) => readFileSync(join(repositoryRoot, path), "utf8");
interface ComposeService {
  build?: { context: string; args?: Record<string, string> };
  image?: string;
  profiles?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, unknown> | string[];
}
const compose = parse(read("docker-compose.yml"), { merge: true }) as {
  services: Record<string, ComposeService>;
};

describe.each(services)("docker-compose: $name", (service) => {
  const entry = compose.services[service.name];

  it("is built from the one Dockerfile with its name, publishes its port and listens on it", () => {
    expect(entry, `docker-compose.yml has no service ${service.name}`).toBeDefined();
    expect(entry?.build).toEqual({ context: ".", args: { SERVICE: service.name } });
    expect(entry?.profiles).toBeUndefined();
    expect(entry?.ports).toEqual([`127.0.0.1:${service.port}:${service.port}`]);
    expect(entry?.environment?.PORT).toBe(String(service.port));
  });

  it("sets only variables the service reads, every one it requires, and NODE_ENV=production", () => {
    const environment = entry?.environment ?? {};
    const known = knownVariables(service);
    expect(Object.keys(environment).filter((name) => !known.has(name))).toEqual([]);
    for (const name of requiredVariables(service)) expect(environment, name).toHaveProperty(name);
    expect(environment.NODE_ENV).toBe("production");
  });

  it("reaches its database, bus, cache and the services it calls by their compose names", () => {
    const environment = entry?.environment ?? {};
    if (service.database) {
      expect(environment.DATABASE_URL).toBe(`postgres://postgres:postgres@postgres:5432/${service.name}`);
      expect(environment.BUS_DATABASE_URL).toBe("postgres://postgres:postgres@postgres:5432/bus");
      expect(environment.SERVICEBUS_CONNECTION_STRING).toContain("Endpoint=sb://servicebus-emulator;");
    }
    if (service.cache) expect(environment.REDIS_URL).toBe("redis://redis:6379");
    for (const [variable, target] of Object.entries(upstreamVariables(service, services))) {
      const port = services.find((other) => other.name === target)?.port;
      expect(environment[variable], variable).toBe(`http://${target}:${port}`);
    }
  });
});

describe("docker-compose", () => {
  it("builds each application container from the Dockerfile with its own name", () => {
    const built = Object.entries(compose.services).filter(([, entry]) => entry.build);
    expect(built.length).toBeGreaterThanOrEqual(services.length);
    for (const [name, entry] of built) expect(entry.build?.args?.SERVICE, name).toBe(name);
  });

  it("creates every service's database and the bus's in PostgreSQL (production services create none)", () => {
    expect(compose.services.postgres?.volumes).toContain(
      `./${generatedFiles.postgresInit}:/docker-entrypoint-initdb.d/create-databases.sql:ro`,
    );
    expect(read(generatedFiles.postgresInit)).toBe(postgresInit(services));
  });

  it("profile azure: the emulator and its SQL Server, with the Config.json generated from the topology", () => {
    const emulator = compose.services["servicebus-emulator"];
    expect(emulator?.profiles).toEqual(["azure"]);
    expect(compose.services["servicebus-sql"]?.profiles).toEqual(["azure"]);
    expect(emulator?.environment?.SQL_SERVER).toBe("servicebus-sql");
    expect(emulator?.volumes).toContain(
      `./${generatedFiles.emulator}:/ServiceBus_Emulator/ConfigFiles/Config.json:ro`,
    );
    expect(JSON.parse(read(generatedFiles.emulator))).toEqual(emulatorInfra());
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it("builds in one stage and runs the artifact in another, as a user that is not root", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages.at(-1) ?? "";
    expect(runtime).toMatch(/^COPY --from=build .*\/repo\/services\/\$\{SERVICE\}\/dist\/ \.\/$/m);
    expect(runtime).toMatch(/^USER (?!root\b|0\b)\w+/m);
    expect(runtime).toMatch(/^ENV NODE_ENV=production$/m);
    expect(runtime).toContain('CMD ["node", "--enable-source-maps", "main.mjs"]');
  });

  it("builds the artifact with the service's own build script (tools/build-service.mjs)", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the file's own interpolation, not JavaScript's
    expect(stages[0]).toContain('pnpm --filter "@ecommerce/${SERVICE}" run build');
  });
});
