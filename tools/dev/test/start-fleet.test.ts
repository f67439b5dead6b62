// `npm start` stopped as a user stops it: the launcher, run as tools/fleet.mjs runs it, in a process
// group of its own (as in a terminal) with a throw-away embedded PostgreSQL, a Ctrl+C to the whole
// group, or a SIGTERM to the launcher alone. The services must drain and stop before PostgreSQL,
// log no connection errors, and leave no process behind.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverServices, repositoryRoot } from "../src/fleet.ts";

const CONNECTION_ERRORS =
  /terminating connection|connection terminated|ECONNREFUSED|ECONNRESET|database system is shutting down|Can't reach database server/i;

let dataDir: string;
let pgPort: number;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "fleet-launcher-test-"));
  pgPort = await freePort();
});

afterAll(async () => {
  // Only after a failure is anything still running; it must not outlive the test run.
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    const left = processesMentioning(dataDir);
    if (left.length === 0) break;
    for (const pid of left) kill(pid, signal);
    await new Promise((r) => setTimeout(r, 5_000));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

// Process groups and signals as a POSIX terminal has them.
describe.skipIf(process.platform === "win32")("the npm start launcher", () => {
  // The first run also initialises the embedded PostgreSQL; the second finds it in place.
  it("stops on Ctrl+C in order: the services, then PostgreSQL, and leaves nothing running", async () => {
    const fleet = await startLauncher(["catalog", "customer"]);
    process.kill(-fleet.pid, "SIGINT");
    await expectCleanStop(fleet);
  });

  it("serves `pnpm bus` without bus settings, then stops the same way", async () => {
    const fleet = await startLauncher(["catalog"], ["--no-seed"]);
    // As `pnpm bus` runs it; only the fleet's PostgreSQL port is this test's own.
    const env: NodeJS.ProcessEnv = { ...process.env, FLEET_PG_PORT: String(pgPort), LOG_LEVEL: "warn" };
    for (const key of ["BUS_DATABASE_URL", "BUS_TRANSPORT", "FLEET_POSTGRES_URL"]) delete env[key];
    // Not spawnSync: the test must keep reading the launcher's output meanwhile.
    const bus = await runToEnd(
      ["--import", "tsx", "src/cli/bus-cli.ts", "dead-letters", "list", "ordering.catalog"],
      join(repositoryRoot, "packages", "messaging"),
      env,
    );
    expect(bus.status, `${bus.stdout}${bus.stderr}`).toBe(0);
    expect(bus.stderr).toContain(`bus: the local fleet's, postgres://postgres@127.0.0.1:${pgPort}/bus`);
    expect(bus.stdout).toContain("0 dead letter(s) on ordering.catalog");
    process.kill(fleet.pid, "SIGTERM");
    await expectCleanStop(fleet);
  });

  it("stops the same way on a SIGTERM to the launcher alone", async () => {
    const fleet = await startLauncher(["customer"]);
    process.kill(fleet.pid, "SIGTERM");
    await expectCleanStop(fleet);
  });
});

interface Launcher {
  pid: number;
  child: ChildProcess;
  services: { name: string; port: number }[];
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  closed: Promise<unknown>;
}

async function startLauncher(only: string[], flags: string[] = []): Promise<Launcher> {
  const defaults = discoverServices(repositoryRoot).filter((s) => only.includes(s.name));
  expect(defaults.map((s) => s.name).sort()).toEqual([...only].sort());
  const offset = await freeOffset(defaults.map((s) => s.port));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FLEET_DATA_DIR: dataDir,
    FLEET_PG_PORT: String(pgPort),
    FLEET_PORT_OFFSET: String(offset),
    LOG_LEVEL: "info",
  };
  // As from a terminal: no external server, and nothing of vitest's.
  for (const key of Object.keys(env)) if (key === "NODE_ENV" || key.startsWith("VITEST")) delete env[key];
  delete env.FLEET_POSTGRES_URL;

  // What tools/fleet.mjs runs for `npm start`, detached: its own process group, as a terminal job.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tools/dev/src/start-fleet.ts", `--only=${only.join(",")}`, ...flags],
    { cwd: repositoryRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.on("data", (chunk: Buffer) => {
      const lines = (buffered + chunk.toString()).split("\n");
      buffered = lines.pop() ?? "";
      output.push(...lines);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const closed = new Promise((resolve) => child.once("close", resolve));
  const launcher = {
    pid: child.pid as number,
    child,
    services: defaults.map((s) => ({ name: s.name, port: s.port + offset })),
    output,
    exited,
    closed,
  };
  const ready = new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (output.includes("[fleet] press Ctrl+C to stop")) resolve();
      else if (child.exitCode !== null) reject(new Error("the launcher exited"));
      else return;
      clearInterval(poll);
    }, 200);
  });
  await within(launcher, ready, 240_000, "the fleet to be ready");
  return launcher;
}

async function expectCleanStop(fleet: Launcher): Promise<void> {
  const { code, signal } = await within(fleet, fleet.exited, 120_000, "the launcher to exit");
  // The PostgreSQL helper shares the launcher's stderr: this waits for it too.
  await within(fleet, fleet.closed, 60_000, "the launcher's output to close");
  const log = fleet.output.join("\n");
  expect({ code, signal }, log).toEqual({ code: 0, signal: null });

  const at = (line: string) => fleet.output.indexOf(line);
  const stopping = at("[fleet] stopping the fleet");
  const stoppingPostgres = at("[fleet] stopping PostgreSQL");
  expect(stopping, log).toBeGreaterThanOrEqual(0);
  expect(stoppingPostgres, log).toBeGreaterThan(stopping);
  expect(at("[fleet] stopped"), log).toBeGreaterThan(stoppingPostgres);
  for (const { name } of fleet.services) {
    const messages = serviceLogs(fleet.output, name);
    const shuttingDown = messages.findIndex((m) => m.msg === "shutting down");
    const stopped = messages.findIndex((m) => m.msg === "stopped");
    expect(shuttingDown, `${name} logs its shutdown\n${log}`).toBeGreaterThanOrEqual(0);
    expect(stopped, `${name} logs that it stopped\n${log}`).toBeGreaterThan(shuttingDown);
    // ...before the launcher stops PostgreSQL.
    const stoppedLine = fleet.output.findIndex(
      (l) => l.startsWith(`[${name}] `) && l.includes('"msg":"stopped"'),
    );
    expect(stoppedLine, log).toBeLessThan(stoppingPostgres);
    const complaints = messages
      .slice(shuttingDown)
      .filter((m) => Number(m.level) >= 40)
      .map(({ level, msg, err }) => ({
        level,
        msg,
        err: (err as { message?: string } | undefined)?.message,
      }));
    expect(complaints, `${name} warns or errs while stopping`).toEqual([]);
  }
  expect(fleet.output.filter((l) => CONNECTION_ERRORS.test(l))).toEqual([]);

  // Nothing left: not in the launcher's group, not the services, not PostgreSQL or its helper.
  expect(groupAlive(fleet.pid), "a process of the launcher's group is still running").toBe(false);
  expect(existsSync(join(dataDir, "postgres", "postmaster.pid")), "postmaster.pid is left").toBe(false);
  expect(processesMentioning(dataDir), "processes of this fleet are still running").toEqual([]);
  for (const { name, port } of fleet.services)
    expect(await listening(port), `${name} still listens`).toBe(false);
}

/** The launcher prints a service's lines as `[name] <pino JSON>`. */
function serviceLogs(output: string[], name: string): Record<string, unknown>[] {
  const prefix = `[${name}] `;
  return output
    .filter((l) => l.startsWith(`${prefix}{`))
    .map((l) => {
      try {
        return JSON.parse(l.slice(prefix.length)) as Record<string, unknown>;
      } catch {
        return { msg: l };
      }
    });
}

/** A Node process run to its end, with what it printed. */
function runToEnd(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once("close", (status) => resolve({ status, stdout, stderr })));
}

/** `promise`, or a failure with the launcher's last output if it takes longer than `ms`. */
async function within<T>(fleet: Launcher, promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; the launcher's output:\n${fleet.output.slice(-60).join("\n")}`,
    );
  } finally {
    clearTimeout(timer);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** An offset that moves every one of `ports` onto a free port. */
async function freeOffset(ports: number[]): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const offset = (await freePort()) - Math.min(...ports);
    const free = await Promise.all(ports.map((p) => portFree(p + offset)));
    if (free.every(Boolean) || attempt >= 20) return offset;
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Processes whose command line (or, on Linux, environment) mentions `text`: here the data folder,
 * which is in PostgreSQL's and its helper's arguments and in the services' environment
 * (FLEET_DATA_DIR).
 */
function processesMentioning(text: string): number[] {
  if (!existsSync("/proc")) {
    const ps = execFileSync("ps", ["-A", "-o", "pid=,command="], { encoding: "utf8" });
    return ps
      .split("\n")
      .filter((l) => l.includes(text))
      .map((l) => Number.parseInt(l, 10));
  }
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) =>
      ["cmdline", "environ"].some((file) => {
        try {
          return readFileSync(join("/proc", pid, file), "utf8").includes(text);
        } catch {
          return false; // gone meanwhile, or not ours to read
        }
      }),
    )
    .map(Number);
}
