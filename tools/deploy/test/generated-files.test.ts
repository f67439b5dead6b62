import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { expectedFiles } from "../src/azure-files.ts";
import { repositoryRoot } from "../src/services.ts";

// The committed files Bicep and compose read are exactly what the topology and the services declare
// today. On failure: `pnpm --filter @ecommerce/deploy generate:azure`, then commit.
const services = inject("services");

describe("files generated from the topology and the services", () => {
  it.each(Object.entries(expectedFiles(services)))("%s has not drifted", (path, expected) => {
    expect(readFileSync(join(repositoryRoot, path), "utf8")).toBe(expected);
  });

  it("the artifact tests wait for every service's build (tools/deploy/turbo.json)", () => {
    const turbo = JSON.parse(readFileSync(join(repositoryRoot, "tools/deploy/turbo.json"), "utf8"));
    const builds: string[] = turbo.tasks.test.dependsOn;
    for (const service of services) expect(builds).toContain(`@ecommerce/${service.name}#build`);
  });
});
