import type { TestProject } from "vitest/node";
import { describeServices, type ServiceDescription } from "../../src/services.ts";

declare module "vitest" {
  export interface ProvidedContext {
    services: ServiceDescription[];
  }
}

/** Describes every service once per run (a process each) for every test file. */
export default async function setup(project: TestProject) {
  project.provide("services", await describeServices());
}
