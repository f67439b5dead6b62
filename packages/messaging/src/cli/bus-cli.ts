#!/usr/bin/env node
// `pnpm bus ...` from the repository root; see runBusCli for the commands. Without bus settings it
// uses the local fleet's bus (local-fleet-bus.ts).
import { runBusCli } from "./bus-cli-commands.ts";
import { withLocalFleetBus } from "./local-fleet-bus.ts";

const { env, defaulted } = withLocalFleetBus(process.env);
const err = (line: string) => process.stderr.write(`${line}\n`);
const usesBus = ["dead-letters", "provision"].includes(process.argv[2] ?? "");
if (defaulted && usesBus) err(`bus: the local fleet's, ${defaulted} (BUS_DATABASE_URL names another)`);
const code = await runBusCli(process.argv.slice(2), {
  env,
  out: (line) => process.stdout.write(`${line}\n`),
  err,
  // pnpm runs the script in the package folder; paths on the command line mean the caller's folder.
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
if (code === 1 && defaulted && usesBus)
  err("is the local fleet running? Start it with `npm start` at the repository root.");
process.exitCode = code;
