import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Files whose change can change every artifact (toolchain, lockfile, build script, shared config). */
const everything = [
  /^pnpm-lock\.yaml$/,
  /^package\.json$/,
  /^pnpm-workspace\.yaml$/,
  /^tsconfig\.base\.json$/,
  /^\.nvmrc$/,
  /^turbo\.json$/,
  /^tools\/build-service\.mjs$/,
  /^tools\/prisma-generate\.mjs$/,
];

interface Workspace {
  name: string;
  dir: string;
  dependencies: string[];
}

function workspaces(root: string): Map<string, Workspace> {
  const found = new Map<string, Workspace>();
  for (const group of ["packages", "services", "tools", "tests"]) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const manifest = join(groupDir, entry.name, "package.json");
      if (!entry.isDirectory() || !existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, "utf8"));
      // What ships in the artifact: runtime dependencies only.
      const dependencies = Object.entries<string>(pkg.dependencies ?? {})
        .filter(([, version]) => version.startsWith("workspace:"))
        .map(([name]) => name);
      found.set(pkg.name, { name: pkg.name, dir: `${group}/${entry.name}/`, dependencies });
    }
  }
  return found;
}

/**
 * The services whose artifact a change of `files` (paths from the repository root) can change: its
 * own folder, a workspace package it uses (directly or not), or what every build shares.
 */
export function changedServices(
  root: string,
  services: readonly string[],
  files: readonly string[],
): string[] {
  if (files.some((file) => everything.some((pattern) => pattern.test(file)))) return [...services];
  const all = workspaces(root);
  const changedDirs = new Set(
    [...all.values()].filter((w) => files.some((file) => file.startsWith(w.dir))).map((w) => w.name),
  );
  const uses = (name: string, seen = new Set<string>()): boolean => {
    if (changedDirs.has(name)) return true;
    if (seen.has(name)) return false;
    seen.add(name);
    return (all.get(name)?.dependencies ?? []).some((dependency) => uses(dependency, seen));
  };
  return services.filter((service) => {
    const workspace = [...all.values()].find((w) => w.dir === `services/${service}/`);
    return workspace ? uses(workspace.name) : true;
  });
}
