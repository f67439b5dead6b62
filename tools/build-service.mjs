#!/usr/bin/env node
// `pnpm build` in a service: one ESM bundle (dist/main.mjs) with the workspace packages and npm
// dependencies inlined, so the App Service artifact needs no node_modules (pnpm's symlinked layout
// breaks zip deploys). Migrations ship beside it (dist/migrations/*), since they are read at start.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const cwd = process.cwd();
const dist = join(cwd, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  // One entry: `node main.mjs --migrate-only` migrates (service-kit's runner).
  entryPoints: [join(cwd, "src/main.ts")],
  outdir: dist,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  sourcemap: true,
  logLevel: "warning",
  // pg's optional native binding and the Azure SDK's optional peers are not used.
  external: ["pg-native", "@azure/functions-core"],
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
});

// Every migration source of the service (its own and the shared packages') in one folder.
const sources = [
  join(cwd, "prisma/migrations"),
  join(cwd, "../../packages/service-kit/migrations"),
  join(cwd, "../../packages/messaging/migrations"),
];
for (const source of sources) {
  if (!existsSync(source)) continue;
  for (const entry of readdirSync(source))
    cpSync(join(source, entry), join(dist, "migrations", entry), { recursive: true });
}
console.log(`built ${dist}`);
