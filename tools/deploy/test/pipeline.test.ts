// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the pipeline's template expressions, not JavaScript's
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { repositoryRoot } from "../src/services.ts";

// azure-pipelines.yml cannot run here: its structure is checked against .ci/run and the services.
const services = inject("services");
const text = readFileSync(join(repositoryRoot, "azure-pipelines.yml"), "utf8");
const ciRun = readFileSync(join(repositoryRoot, ".ci/run"), "utf8");
interface Step {
  script?: string;
  task?: string;
  inputs?: Record<string, string | boolean>;
  displayName?: string;
}
const pipeline = parse(text) as {
  parameters: { name: string; default: unknown }[];
  stages: { stage: string; jobs: Record<string, unknown>[] }[];
};
const stage = (name: string) => pipeline.stages.find((s) => s.stage === name);
const scripts = (steps: Step[]) => steps.map((step) => step.script ?? "").join("\n");

describe("azure-pipelines.yml", () => {
  it("CI runs what .ci/run runs: install, lint, typecheck, npm test, npm start -- --smoke", () => {
    const job = stage("CI")?.jobs[0] as { steps: Step[] };
    const ci = scripts(job.steps);
    const commands = [
      "node tools/fleet.mjs install",
      "pnpm lint",
      "pnpm typecheck",
      "npm test",
      "npm start -- --smoke",
    ];
    for (const command of commands) {
      expect(ciRun, `.ci/run no longer runs ${command}`).toContain(command);
      expect(ci, command).toContain(command);
    }
    const order = commands.map((command) => ci.indexOf(command));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("the emulator contract suite runs in CI: the emulator is up and npm test has its connection string", () => {
    const job = stage("CI")?.jobs[0] as { steps: (Step & { env?: Record<string, string> })[] };
    expect(scripts(job.steps)).toContain("docker compose --profile azure up -d servicebus-emulator");
    const test = job.steps.find((step) => step.script?.includes("npm test"));
    expect(test?.env?.SERVICEBUS_CONNECTION_STRING).toContain("UseDevelopmentEmulator=true");
  });

  it("packages every service and computes which changed", () => {
    const job = stage("Package")?.jobs[0] as { steps: Step[] };
    const all = scripts(job.steps);
    expect(all).toContain("pnpm build");
    expect(all).toContain("for zip in services/*/*.zip");
    expect(all).toContain("pnpm --filter @ecommerce/deploy changed-services");
  });

  it("deploys every service, each only when it changed: staging slot, smoke check, then swap", () => {
    const listed = pipeline.parameters.find((p) => p.name === "services")?.default as string[];
    for (const service of services)
      expect(listed, `services parameter lacks ${service.name}`).toContain(service.name);
    expect(text).toContain("- ${{ each service in parameters.services }}:");
    expect(text).toContain(
      "condition: and(succeeded(), eq(stageDependencies.Package.build.outputs['changes.${{ service }}'], 'true'))",
    );
    const deploy = text.slice(text.indexOf("- deployment: deploy_"));
    const order = [
      "slotName: staging",
      "pnpm --filter @ecommerce/deploy smoke https://",
      "action: Swap Slots",
    ].map((marker) => deploy.indexOf(marker));
    expect(order.every((at) => at > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toContain("dependsOn: provision");
    expect(text).toContain("pnpm bus provision");
  });

  it("names service connections with template expressions, never runtime macros", () => {
    const subscriptions = [...text.matchAll(/azureSubscription: (.+)/g)].map(([, value]) => value);
    expect(subscriptions.length).toBeGreaterThan(0);
    for (const value of subscriptions) expect(value).toBe("${{ parameters.azureServiceConnection }}");
    expect(text).not.toMatch(/(appName|webAppName|resourceGroupName): \$\(/);
  });
});
