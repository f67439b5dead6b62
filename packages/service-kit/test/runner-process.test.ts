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
  it("with events in flight: no new event, handlers finish on an open database, the relay publishes what they wrote, then the bus, the database", async () => {
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
    // Whichever comes first: with the consumers stopped first, the relay waits for the handlers,
    // which hold their events; had the relay stopped first, its line would be here already.
    const first = await probe.waitForLine(
      (l) =>
        l.msg === "stopping the consumers: handlers in flight finish first" ||
        l.msg === "outbox relay stopped",
      "the shutdown to reach the consumers or the relay",
    );
    expect(first.msg).toBe("stopping the consumers: handlers in flight finish first");
    expect(probe.indexOf(message("outbox relay stopped"))).toBe(-1);
    // Published while the consumers stop: it stays queued, no handler of this process takes it.
    const late = customerEvents(1);
    await bus.publish(late);
    probe.child.stdin.write("release\n");

    expect(await probe.exited).toBe(0);
    const done = probe.lines.filter((l) => l.event === "handler-done").map((l) => l.id);
    expect(done.sort()).toEqual(events.map((e) => e.id).sort());
    const rows = await query<{ event_id: string }>(dbs.service.url, "SELECT event_id FROM probe_handled");
    expect(rows.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.id).sort());
    // What the handlers wrote was published by the relay before the process left.
    const outbox = await query<{ event_id: string; sent: boolean }>(
      dbs.service.url,
      "SELECT event_id, sent_at IS NOT NULL AS sent FROM messaging_outbox",
    );
    expect(outbox).toHaveLength(events.length);
    expect(outbox.filter((row) => !row.sent)).toEqual([]);
    const followUps: string[] = [];
    await bus.subscribe("ordering.billing", async (event) => void followUps.push(event.id));
    await waitFor(() => followUps.length >= events.length, "the follow-up events on the bus", 60_000);
    expect(followUps.sort()).toEqual(outbox.map((row) => row.event_id).sort());

    const lastDone = Math.max(...probe.lines.flatMap((l, i) => (l.event === "handler-done" ? [i] : [])));
    const consumingStopped = probe.indexOf(message("bus stopped consuming: no event taken, none in flight"));
    const relayStopped = probe.indexOf(message("outbox relay stopped"));
    const busStopped = probe.indexOf(message("bus stopped"));
    const closingDb = probe.indexOf(message("closing the database"));
    const stopped = probe.indexOf(message("stopped"));
    expect(consumingStopped).toBeGreaterThan(lastDone);
    expect(relayStopped).toBeGreaterThan(consumingStopped);
    expect(busStopped).toBeGreaterThan(relayStopped);
    expect(closingDb).toBeGreaterThan(busStopped);
    expect(stopped).toBeGreaterThan(closingDb);
    expect(probe.lines.filter((l) => l.event === "handler-started")).toHaveLength(events.length);
    // Nothing failed, so nothing counts toward dead-lettering; the late event waits for the next instance.
    expect(probe.lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
    expect(await bus.deadLetters(PROBE_SUBSCRIPTION)).toEqual([]);
    const lateHandled: string[] = [];
    await bus.subscribe(PROBE_SUBSCRIPTION, async (event) => void lateHandled.push(event.id));
    await waitFor(() => lateHandled.length >= 1, "the late event to be still queued", 60_000);
    expect(lateHandled).toEqual(late.map((e) => e.id));
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
    expect(probe.indexOf(message("bus stopped consuming: no event taken, none in flight"))).toBeGreaterThan(
      -1,
    );
    expect(probe.indexOf(message("bus stopped"))).toBeGreaterThan(-1);
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
