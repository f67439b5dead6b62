import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { devAuthEnv, devToken } from "./dev-auth.ts";
import { discoverServices, type FleetService, upstreamEnv } from "./fleet-services.ts";
import { databaseUrl, ensureDatabases } from "./postgres-server.ts";

export { discoverServices, type FleetService, upstreamEnv } from "./fleet-services.ts";
export { databaseUrl, dropDatabases, startEmbeddedPostgres } from "./postgres-server.ts";

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export interface FleetOptions {
  /** PostgreSQL server URL; each service gets `<prefix><service>`, the bus `<prefix>bus`. */
  postgresUrl: string;
  only?: string[];
  databasePrefix?: string;
  /** Added to every default port, so a second fleet (tests) does not collide with a dev one. */
  portOffset?: number;
  /** Passed to every service; AUTH_* default to the development issuer (see dev-auth.ts). */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Where services' output goes; the dev fleet prints it with a prefix, tests keep it quiet. */
  output?: (service: string, line: string) => void;
  readyTimeoutMs?: number;
  /** Aborting it while services start stops those already started, and startFleet rejects. */
  signal?: AbortSignal;
}

export interface RunningService extends FleetService {
  url: string;
  child: ChildProcess;
}

export interface Fleet {
  services: RunningService[];
  url(name: string): string;
  /** A token the services accept (the development issuer's, unless `env` named another issuer). */
  token(sub: string, roles: string[]): Promise<string>;
  /** Resolves when any service exits on its own (a crash). */
  crashed: Promise<string>;
  /** Kills one service outright (SIGKILL: no draining, as a crash) and waits until it is gone. */
  kill(name: string): Promise<void>;
  /** Starts a killed service again, with the same settings, and waits until it is ready. */
  restart(name: string): Promise<void>;
  stop(): Promise<void>;
}

function pipeLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) onLine(line);
    });
  }
}

async function waitReady(service: RunningService, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (service.child.exitCode !== null)
      throw new Error(`${service.name} exited with code ${service.child.exitCode}`);
    try {
      if ((await fetch(`${service.url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs / 1000} s`);
}

/** How long stopping may take before a service is killed: beyond its own grace period (10 s). */
const STOP_TIMEOUT_MS = 30_000;

/** SIGTERM to each service, then waits until each has exited and closed its output. */
async function stopAll(services: RunningService[], closed: Promise<unknown>[]): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    for (const { child } of services)
      if (child.exitCode === null && child.signalCode === null) child.kill(name);
  };
  signal("SIGTERM");
  const force = setTimeout(() => signal("SIGKILL"), STOP_TIMEOUT_MS);
  await Promise.all(closed);
  clearTimeout(force);
}

/**
 * Starts every service (or `only` those) as its own process, as in production: each with its own
 * database, all on one bus database, and waits until each answers /health/ready.
 *
 * Each is `node --import tsx src/main.ts` (the entry the build bundles), detached into a process
 * group of its own so that a Ctrl+C in the terminal reaches the launcher, which stops the services
 * in order, and not them. Not through `pnpm run start`: pnpm exits at once on SIGTERM while the
 * service still drains, and the tsx CLI relays signals so the service sometimes gets a second
 * SIGTERM, which makes it exit without draining.
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  options.signal?.throwIfAborted();
  const log = options.log ?? (() => undefined);
  const prefix = options.databasePrefix ?? "";
  const offset = options.portOffset ?? 0;
  const selected = discoverServices(repositoryRoot).filter(
    (s) => !options.only || options.only.includes(s.name),
  );
  if (selected.length === 0) throw new Error("no services to start");
  await ensureDatabases(options.postgresUrl, [
    ...selected.flatMap((s) => (s.database ? [`${prefix}${s.database}`] : [])),
    `${prefix}bus`,
  ]);
  // The gateway finds the services at their ports in this fleet (those not started answer 503).
  const upstreams = upstreamEnv(discoverServices(repositoryRoot), offset);

  const services: RunningService[] = [];
  const closed: Promise<unknown>[] = [];
  let stopping = false;
  let reportCrash: (name: string) => void = () => undefined;
  const crashed = new Promise<string>((resolve) => {
    reportCrash = resolve;
  });
  const output = options.output ?? (() => undefined);
  const auth = options.env?.AUTH_ISSUER ? {} : await devAuthEnv();
  const launch = (service: FleetService, port: number): RunningService => {
    const env = {
      ...process.env,
      ...auth,
      ...options.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      ...(service.database
        ? {
            DATABASE_URL: databaseUrl(options.postgresUrl, `${prefix}${service.database}`),
            BUS_DATABASE_URL: databaseUrl(options.postgresUrl, `${prefix}bus`),
          }
        : upstreams),
    };
    log(`starting ${service.name} on port ${port}`);
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: service.dir,
      env,
      detached: true,
      windowsHide: true,
    });
    closed.push(new Promise((resolve) => child.once("close", resolve)));
    pipeLines(child, (line) => output(service.name, line));
    const running: RunningService = { ...service, port, url: `http://127.0.0.1:${port}`, child };
    child.once("exit", (code) => {
      if (!stopping && !killed.has(running)) {
        log(`${service.name} exited (code ${code})`);
        reportCrash(service.name);
      }
    });
    return running;
  };
  const killed = new Set<RunningService>();
  for (const service of selected) {
    if (options.signal?.aborted) break;
    services.push(launch(service, service.port + offset));
  }
  const named = (name: string): RunningService => {
    const found = services.find((s) => s.name === name);
    if (!found) throw new Error(`${name} is not part of this fleet`);
    return found;
  };

  const stop = async () => {
    stopping = true;
    await stopAll(services, closed);
  };
  try {
    options.signal?.throwIfAborted();
    await Promise.all(services.map((s) => waitReady(s, options.readyTimeoutMs ?? 90_000, options.signal)));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    services,
    crashed,
    url: (name) => named(name).url,
    token: (sub, roles) => devToken(sub, roles),
    async kill(name) {
      const service = named(name);
      if (service.child.exitCode !== null || service.child.signalCode !== null) return;
      killed.add(service);
      const gone = new Promise((resolve) => service.child.once("exit", resolve));
      service.child.kill("SIGKILL");
      await gone;
    },
    async restart(name) {
      const old = named(name);
      const fresh = launch(old, old.port);
      services[services.indexOf(old)] = fresh;
      await waitReady(fresh, options.readyTimeoutMs ?? 90_000);
    },
    stop,
  };
}
