import { describe, expect, inject, it } from "vitest";
import { changedServices } from "../src/changed-services.ts";
import { repositoryRoot } from "../src/services.ts";

// Which services the pipeline deploys for a change, from the real workspace's package graph.
const services = inject("services").map((service) => service.name);
const changed = (...files: string[]) => changedServices(repositoryRoot, services, files);

describe("changedServices", () => {
  it("a change inside one service deploys only that service", () => {
    expect(changed("services/billing/src/app.ts")).toEqual(["billing"]);
  });

  it("a change in a package deploys every service that uses it, directly or through another package", () => {
    // contracts is used by messaging, which every service uses.
    expect(changed("packages/contracts/src/topology.ts")).toEqual(services);
    expect(changed("packages/service-kit/src/runner/start-service.ts")).toEqual(services);
  });

  it("the lockfile or the build script deploys everything; docs, tests and infra alone deploy nothing", () => {
    expect(changed("pnpm-lock.yaml")).toEqual(services);
    expect(changed("tools/build-service.mjs")).toEqual(services);
    expect(
      changed("README.md", "infra/main.bicep", "tests/fleet/test/x.test.ts", "tools/dev/src/seed.ts"),
    ).toEqual([]);
  });
});
