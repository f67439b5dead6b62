// `changed-services <base commit>`: for each service, a pipeline output variable `<service>` that is
// true when its artifact may differ from the one built at <base> (Azure Pipelines logging commands).
import { execFileSync } from "node:child_process";
import { changedServices } from "./changed-services.ts";
import { discoverServices, repositoryRoot } from "./services.ts";

const base = process.argv[2];
const services = discoverServices().map((service) => service.name);
let changed: string[];
try {
  if (!base || /^0+$/.test(base)) throw new Error("no base commit");
  const files = execFileSync("git", ["diff", "--name-only", base, "HEAD"], {
    cwd: repositoryRoot,
    encoding: "utf8",
  })
    .split("\n")
    .filter(Boolean);
  changed = changedServices(repositoryRoot, services, files);
} catch (error) {
  // No base to compare with (first run, shallow clone): deploy everything rather than nothing.
  console.log(
    `comparing with "${base}" failed (${(error as Error).message}): every service counts as changed`,
  );
  changed = services;
}
for (const service of services) {
  const value = changed.includes(service);
  console.log(`${service}: ${value ? "changed, deploys" : "unchanged, skipped"}`);
  console.log(`##vso[task.setvariable variable=${service};isOutput=true]${value}`);
}
