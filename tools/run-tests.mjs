#!/usr/bin/env node
// Runs every workspace's tests through turbo (prisma clients generated first), then prints one
// closing line over all of them: "Tests: N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const REPORT = join("test-results", "vitest.json");
const workspaces = ["packages", "services", "tools", "tests"].flatMap((group) => {
  const dir = join(root, group);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(dir, entry.name));
});

for (const ws of workspaces) rmSync(join(ws, REPORT), { force: true });

const res = spawnSync(
  "turbo",
  [
    "run",
    "test",
    "--output-logs=full",
    // Report every suite even when one fails; three at a time, since each also runs PostgreSQL work
    // on a two-core machine.
    "--continue",
    "--concurrency=3",
    "--",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${REPORT}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit", env: { TURBO_TELEMETRY_DISABLED: "1", ...process.env } },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
// Named again at the very end: a long log is often read from its tail.
const failures = [];
for (const ws of workspaces) {
  const pkgFile = join(ws, "package.json");
  if (!existsSync(pkgFile) || !JSON.parse(readFileSync(pkgFile, "utf8")).scripts?.test) continue;
  const file = join(ws, REPORT);
  if (!existsSync(file)) {
    missing.push(ws.slice(root.length + 1));
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  for (const suite of report.testResults ?? []) {
    const where = join(ws.slice(root.length + 1), suite.name.slice(ws.length + 1));
    const firstLines = (messages) => messages.join("\n").split("\n").slice(0, 6).join("\n    ");
    const failedTests = (suite.assertionResults ?? []).filter((test) => test.status === "failed");
    for (const test of failedTests) {
      failures.push(`${where} > ${test.fullName}\n    ${firstLines(test.failureMessages ?? [])}`);
    }
    // A suite can fail outside any test (an import, a hook).
    if (suite.status === "failed" && failedTests.length === 0) {
      failures.push(`${where}\n    ${firstLines([suite.message ?? "failed"])}`);
    }
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
if (failures.length > 0) console.log(`\nFailed tests:\n${failures.map((f) => `  ${f}`).join("\n")}\n`);
if (missing.length > 0) console.log(`no test report from: ${missing.join(", ")}`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(res.status !== 0 || failed > 0 || missing.length > 0 ? 1 : 0);
