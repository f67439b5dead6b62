import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { waitFor } from "./wait-for.ts";

export type Line = Record<string, unknown>;

export interface ServiceProcess {
  child: ChildProcessWithoutNullStreams;
  /** Every JSON line it wrote on stdout, in order (the runner's log lines and the fixture's reports). */
  lines: Line[];
  stderr(): string;
  exited: Promise<number | null>;
  /** Index of the first line matching, -1 if none. */
  indexOf(predicate: (line: Line) => boolean): number;
  waitForLine(predicate: (line: Line) => boolean, what: string): Promise<Line>;
}

/** Runs a TypeScript entry (a fixture calling runServiceSpec) as its own process. */
export function startProcess(script: string, env: NodeJS.ProcessEnv): ServiceProcess {
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const child = spawn(process.execPath, ["--import", tsx, script], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const lines: Line[] = [];
  let stderr = "";
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as Line);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const indexOf = (predicate: (line: Line) => boolean) => lines.findIndex(predicate);
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    indexOf,
    async waitForLine(predicate, what) {
      await waitFor(
        () => {
          if (indexOf(predicate) >= 0) return true;
          if (child.exitCode !== null) throw new Error(`exited early (${child.exitCode}): ${stderr}`);
          return false;
        },
        what,
        60_000,
      );
      return lines[indexOf(predicate)] as Line;
    },
  };
}
