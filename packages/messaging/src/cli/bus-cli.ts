#!/usr/bin/env node
// `pnpm bus ...` from the repository root; see runBusCli for the commands.
import { runBusCli } from "./bus-cli-commands.ts";

const code = await runBusCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  // pnpm runs the script in the package folder; paths on the command line mean the caller's folder.
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
process.exitCode = code;
