#!/usr/bin/env node
// `prisma generate` without network: the CLI insists on locating its native schema engine even
// though generation does not use it (see shared ENVIRONMENT.md), so point it at any existing file.
import { spawnSync } from "node:child_process";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE ??= "1";
const res = spawnSync("prisma", ["generate", ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
  shell: false,
});
process.exit(res.status ?? 1);
