import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { anonymous, type ServiceApp } from "../src/index.ts";
import { deferred } from "./support/deferred.ts";
import { createTestService } from "./support/test-service.ts";
import { waitFor } from "./support/wait-for.ts";

/** fetch that reports a refused connection as "refused" instead of throwing. */
async function tryFetch(url: string): Promise<Response | "refused"> {
  try {
    return await fetch(url);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === "ECONNREFUSED") return "refused";
    throw error;
  }
}

describe("app.close() on a listening service", () => {
  let app: ServiceApp | undefined;
  afterEach(async () => {
    // After a failure, do not wait out a keep-alive connection.
    app?.server.closeAllConnections();
    await app?.close();
    app = undefined;
  });

  it("serves real HTTP on an ephemeral port", async () => {
    app = await createTestService({ name: "live", version: "1.0.0", logger: false });
    app.get("/hello", { config: { auth: anonymous() } }, async () => ({ hello: "world" }));
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(address).not.toMatch(/:0$/);

    const response = await fetch(`${address}/hello`, { headers: { "x-correlation-id": "corr-live" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-correlation-id")).toBe("corr-live");
    expect(await response.json()).toEqual({ hello: "world" });

    const missing = await fetch(`${address}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ code: "route_not_found" });
  });

  it("lets an in-flight request finish, and refuses new connections meanwhile", async () => {
    const entered = deferred();
    const release = deferred();
    app = await createTestService({ name: "live", version: "1.0.0", logger: false });
    app.get("/slow", { config: { auth: anonymous() } }, async () => {
      entered.resolve();
      await release.promise;
      return { finished: true };
    });
    const address = await app.listen({ port: 0, host: "127.0.0.1" });

    const inFlight = fetch(`${address}/slow`);
    await entered.promise;
    const closing = app.close();
    await waitFor(() => app?.server.listening === false, "the server to stop listening");

    expect(await tryFetch(`${address}/health/live`)).toBe("refused");

    release.resolve();
    const response = await inFlight;
    expect(response.status).toBe(200);
    // A keep-alive connection would otherwise hold close() open until its keep-alive timeout.
    expect(response.headers.get("connection")).toBe("close");
    expect(await response.json()).toEqual({ finished: true });
    await closing;
    app = undefined;
  });
});

describe("runService in a real process", () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    child = undefined;
  });

  it("on SIGTERM stops accepting, finishes the in-flight request, runs onShutdown and exits 0", async () => {
    const tsx = createRequire(import.meta.url).resolve("tsx");
    const script = fileURLToPath(new URL("./fixtures/run-service-child.ts", import.meta.url));
    const proc = spawn(process.execPath, ["--import", tsx, script], { stdio: ["pipe", "pipe", "pipe"] });
    child = proc;
    const lines: Record<string, unknown>[] = [];
    let stderr = "";
    let buffered = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as Record<string, unknown>);
    });
    proc.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
    const seen = (predicate: (line: Record<string, unknown>) => boolean) => lines.findIndex(predicate);
    const waitForLine = (predicate: (line: Record<string, unknown>) => boolean, what: string) =>
      waitFor(() => {
        if (proc.exitCode !== null) throw new Error(`child exited early (${proc.exitCode}): ${stderr}`);
        return seen(predicate) >= 0;
      }, what);

    await waitForLine((l) => l.event === "listening", "the child to listen");
    const address = lines.find((l) => l.event === "listening")?.address as string;

    const inFlight = fetch(`${address}/slow`);
    await waitForLine((l) => l.event === "slow-started", "the slow request to reach its handler");

    proc.kill("SIGTERM");
    await waitForLine((l) => l.msg === "shutting down", "the child to start shutting down");
    // Until the listening socket is closed a new request may still get in; it is answered 503.
    // Then connections are refused.
    await waitFor(async () => {
      const attempt = await tryFetch(`${address}/health/live`);
      if (attempt === "refused") return true;
      expect(attempt.status).toBe(503);
      return false;
    }, "new connections to be refused");
    expect(seen((l) => l.event === "on-shutdown")).toBe(-1);

    proc.stdin.write("release\n");
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });

    expect(await exited).toBe(0);
    const closed = seen((l) => l.event === "app-closed");
    const onShutdown = seen((l) => l.event === "on-shutdown");
    const stopped = seen((l) => l.msg === "stopped");
    expect(closed).toBeGreaterThan(seen((l) => l.msg === "shutting down"));
    expect(onShutdown).toBeGreaterThan(closed);
    expect(stopped).toBeGreaterThan(onShutdown);
  });
});
