import { readdir } from "node:fs/promises";

// biome-ignore lint/suspicious/noExplicitAny: any class, whatever its constructor takes
type AnyClass = abstract new (...args: any[]) => unknown;

/**
 * Every class exported by the modules under `dir` that extends one of `bases`, sorted by name: for
 * tests that hold every command and query of an application to a rule (say, declaring a schema),
 * today's and those added later.
 */
export async function exportedSubclasses(dir: URL, bases: AnyClass[]): Promise<AnyClass[]> {
  const files = (await readdir(dir, { recursive: true })).filter((file) => file.endsWith(".ts"));
  const found = new Set<AnyClass>();
  for (const file of files) {
    const module: Record<string, unknown> = await import(new URL(file, dir).href);
    for (const value of Object.values(module)) {
      if (typeof value !== "function") continue;
      if (bases.some((base) => value.prototype instanceof base)) found.add(value as AnyClass);
    }
  }
  return [...found].sort((a, b) => a.name.localeCompare(b.name));
}
