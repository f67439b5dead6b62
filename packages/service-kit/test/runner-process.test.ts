import { connect, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { PROBE_SUBSCRIPTION } from "./fixtures/probe-service.ts";
import { customerEvents } from "./support/events.ts";
import { query, runnerDatabases, testBus } from "./support/runner-env.ts";
import { type ServiceProcess, startProcess } from "./support/service-process.ts";
import { waitFor } from "./support/wait-for.ts";

const probeMain = fileURLToPath(new URL("./fixtures/probe-main.ts", import.meta.url));

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startProbe(env: NodeJS.ProcessEnv): Promise<{ probe: ServiceProcess; address: string }> {
  const probe = startProcess(probeMain, { ...env, LOG_LEVEL: "info" });
  cleanup.push(() => {
    if (probe.child.exitCode === null && probe.child.signalCode === null) probe.child.kill("SIGKILL");
  });
  const listening = await probe.waitForLine(
    (l) => typeof l.msg === "string" && l.msg.startsWith("probe listening on "),
    "the probe to listen",
  );
  const address = /listening on (http:\/\/[^ ]+)/.exec(listening.msg as string)?.[1] as string;
  return { probe, address };
}

const message = (text: string) => (l: Record<string, unknown>) => l.msg === text;

/** A POST whose body arrives one byte per second; resolves with what the server answered when it closed. */
function slowClient(address: string): { socket: Socket; closed: Promise<string>; drips(): number } {
  const url = new URL(address);
  const socket = connect(Number(url.port), url.hostname);
  let answer = "";
  socket.on("data", (chunk) => {
    answer += chunk.toString();
  });
  socket.on("error", () => undefined);
  socket.write(
    "POST /echo HTTP/1.1\r\nHost: probe\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
  );
  let drips = 0;
  const drip = setInterval(() => {
    socket.write(" ");
    drips++;
  }, 1_000);
  const closed = new Promise<string>((resolve) =>
    socket.on("close", () => {
      clearInterval(drip);
      resolve(answer);
    }),
  );
  cleanup.push(() => {
    clearInterval(drip);
    socket.destroy();
  });
  return { socket, closed, drips: () => drips };
}

// Each test starts a real process (tsx, pg-boss provisioning on a fresh bus database): slow on a busy host.
describe("shutdown of a running service (SIGTERM)", { timeout: 120_000 }, () => {
  it("with events in flight: handlers finish on an open database, then the relay, the bus, the database", async () => {
    const dbs = await runnerDatabases();
    cleanup.push(() => dbs.drop());
    const { probe } = await startProbe(dbs.env);
    const bus = await testBus(dbs.env);
    cleanup.push(() => bus.stop());

    const events = customerEvents(4);
    await bus.publish(events);
    await waitFor(
      () => probe.lines.filter((l) => l.event === "handler-started").length === events.length,
      "every event to be in a handler",
      60_000,
    );
    probe.child.kill("SIGTERM");
    await probe.waitForLine(message("shutting down"), "the shutdown to begin");
    // The handlers hold their events: the bus must wait for them, and so must the database.
    await probe.waitForLine(message("outbox relay stopped"), "the relay to stop");
    expect(probe.indexOf(message("bus stopped: no event taken, none in flight"))).toBe(-1);
    probe.child.stdin.write("release\n");

    expect(await probe.exited).toBe(0);
    const done = probe.lines.filter((l) => l.event === "handler-done").map((l) => l.id);
    expect(done.sort()).toEqual(events.map((e) => e.id).sort());
    const rows = await query<{ event_id: string }>(dbs.service.url, "SELECT event_id FROM probe_handled");
    expect(rows.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.id).sort());

    const lastDone = Math.max(...probe.lines.flatMap((l, i) => (l.event === "handler-done" ? [i] : [])));
    const relayStopped = probe.indexOf(message("outbox relay stopped"));
    const busStopped = probe.indexOf(message("bus stopped: no event taken, none in flight"));
    const closingDb = probe.indexOf(message("closing the database"));
    const stopped = probe.indexOf(message("stopped"));
    expect(relayStopped).toBeGreaterThan(probe.indexOf(message("shutting down")));
    expect(busStopped).toBeGreaterThan(Math.max(relayStopped, lastDone));
    expect(closingDb).toBeGreaterThan(busStopped);
    expect(stopped).toBeGreaterThan(closingDb);
    // Nothing failed, so nothing counts toward dead-lettering.
    expect(probe.lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
    expect(await bus.deadLetters(PROBE_SUBSCRIPTION)).toEqual([]);
  });

  it("does not wait for a client sending its body a byte at a time: bus and relay still stop cleanly", async () => {
    const dbs = await runnerDatabases();
    cleanup.push(() => dbs.drop());
    // The request timeout alone would not cut this client before the grace period ends.
    const { probe, address } = await startProbe({
      ...dbs.env,
      REQUEST_TIMEOUT_MS: "600000",
      SHUTDOWN_GRACE_MS: "4000",
    });
    const client = slowClient(address);
    await waitFor(() => client.drips() >= 2, "the slow client to be sending its body", 60_000);

    probe.child.kill("SIGTERM");
    expect(await probe.exited).toBe(0);
    await client.closed;
    expect(probe.indexOf(message("outbox relay stopped"))).toBeGreaterThan(-1);
    expect(probe.indexOf(message("bus stopped: no event taken, none in flight"))).toBeGreaterThan(-1);
    expect(probe.indexOf(message("stopped"))).toBeGreaterThan(-1);
    expect(probe.indexOf(message("grace period over, exiting"))).toBe(-1);
  });
});

describe("request timeout", { timeout: 120_000 }, () => {
  it("cuts a client that sends its body a byte at a time", async () => {
    const dbs = await runnerDatabases();
    cleanup.push(() => dbs.drop());
    const { address } = await startProbe({ ...dbs.env, REQUEST_TIMEOUT_MS: "2000" });
    const client = slowClient(address);
    const answer = await client.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });
});
