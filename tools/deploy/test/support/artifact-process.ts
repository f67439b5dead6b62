import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { waitFor } from "@ecommerce/test-support";
import extract from "extract-zip";
import { repositoryRoot } from "../../src/services.ts";

/** The service's zip, as `pnpm build` left it. */
export function artifactZipOf(service: string): string {
  const zip = join(repositoryRoot, "services", service, `${service}.zip`);
  if (!existsSync(zip)) throw new Error(`${relative(repositoryRoot, zip)} is missing: run pnpm build`);
  return zip;
}

/** Unpacks the zip into a fresh temporary folder outside the repository, as App Service would. */
export async function unpackArtifact(service: string): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), `artifact-${service}-`));
  if (!relative(repositoryRoot, dir).startsWith("..")) throw new Error(`${dir} is inside the repository`);
  await extract(artifactZipOf(service), { dir });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every symbolic link under `dir` (a zip deploy must have none). */
export function symlinksUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) found.push(relative(dir, path));
      else if (stat.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return found;
}

/** This machine's first address that is not loopback (how another host would reach a service). */
export function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === "IPv4" && !address.internal)?.address;
}

/** Whether a GET of `url` gets any HTTP answer (false: the connection is refused). */
export async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return true;
  } catch {
    return false;
  }
}

export interface ArtifactProcess {
  child: ChildProcess;
  output(): string;
  /** Waits until the output matches, and returns the match. */
  waitForOutput(what: string, pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

const started = new Set<ArtifactProcess>();

/** Kills every process runArtifact started that is still running (a failed test leaves none behind). */
export async function killArtifacts(): Promise<void> {
  await Promise.all([...started].map((process) => process.stop("SIGKILL")));
}

/**
 * `node main.mjs [args]` in the unpacked folder, with only the given environment (and PATH): no
 * pnpm, no tsx, no workspace around it.
 */
export function runArtifact(dir: string, env: Record<string, string>, args: string[] = []): ArtifactProcess {
  const child = spawn(process.execPath, ["main.mjs", ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  child.once("error", (error) => {
    output += `\n[spawn failed: ${error.message}]\n`;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(-1));
  });
  const running: ArtifactProcess = {
    child,
    output: () => output,
    exited,
    waitForOutput: async (what, pattern, timeoutMs = 60_000) => {
      try {
        return await waitFor(
          what,
          () => {
            if (child.exitCode !== null && !pattern.test(output)) throw new Error(`exited ${child.exitCode}`);
            return output.match(pattern);
          },
          { timeoutMs, intervalMs: 50 },
        );
      } catch (error) {
        throw new Error(`${(error as Error).message} before ${what}; output:\n${output.slice(-4000)}`);
      }
    },
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  started.add(running);
  void exited.then(() => started.delete(running));
  return running;
}
