import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { topology } from "@ecommerce/contracts";
import { rulesOf } from "@ecommerce/messaging";
import { describe, expect, inject, it } from "vitest";
import { generatedFiles, serviceBusInfra, servicesInfra } from "../src/azure-files.ts";
import { knownVariables, repositoryRoot, requiredVariables } from "../src/services.ts";

// Bicep cannot be compiled here (no CLI on the reachable registries): the structure that matters is
// checked from the files. Apps, identities and role assignments are loops over
// infra/generated/services.json, bus entities loops over infra/generated/service-bus.json, and both
// files are what the code declares (generated-files.test.ts), so checking the loops and the files
// checks every service and every subscription.
const services = inject("services");
const read = (path: string) => readFileSync(join(repositoryRoot, "infra", path), "utf8");
const main = read("main.bicep");
const webApp = read("modules/web-app.bicep");
const roles = read("modules/service-roles.bicep");
const serviceBusBicep = read("modules/service-bus.bicep");
const fleet = servicesInfra(services);
const bus = serviceBusInfra();

/** Settings App Service or its agents read, not the app. */
const platformSettings = new Set([
  "APPLICATIONINSIGHTS_CONNECTION_STRING",
  "ApplicationInsightsAgent_EXTENSION_VERSION",
  "SCM_DO_BUILD_DURING_DEPLOYMENT",
  "WEBSITE_RUN_FROM_PACKAGE",
]);

describe("infra/main.bicep", () => {
  it("reads the generated services and bus entities, and every module it names exists", () => {
    expect(main).toContain(`loadJsonContent('${generatedFiles.services.replace("infra/", "")}')`);
    expect(main).toContain(`loadJsonContent('${generatedFiles.serviceBus.replace("infra/", "")}')`);
    for (const [, path] of main.matchAll(/module \w+ '([^']+)'/g)) {
      expect(existsSync(join(repositoryRoot, "infra", path ?? "")), path).toBe(true);
    }
    for (const [, path] of roles.matchAll(/module \w+ '([^']+)'/g)) {
      expect(existsSync(join(repositoryRoot, "infra/modules", path ?? "")), path).toBe(true);
    }
    for (const module of [
      "observability",
      "key-vault",
      "redis",
      "postgres",
      "service-bus",
      "app-service-plan",
    ])
      expect(main).toContain(`'modules/${module}.bicep'`);
  });

  it("gives every service an app and its role assignments, for the app's and the staging slot's identities", () => {
    expect(main).toMatch(/module apps 'modules\/web-app\.bicep' = \[for \(service, i\) in fleet\.services:/);
    expect(main).toMatch(
      /module roles 'modules\/service-roles\.bicep' = \[for \(service, i\) in fleet\.services:/,
    );
    expect(main).toContain("principalIds: [apps[i].outputs.principalId, apps[i].outputs.stagingPrincipalId]");
    expect(main).toContain("sendsTo: service.sendsTo");
    expect(main).toContain("receivesFrom: filter(bus.subscriptions, s => s.name == service.name)");
    expect(fleet.services.map((s) => s.name).sort()).toEqual(services.map((s) => s.name).sort());
  });

  it("sets only settings the services read (or App Service's own), and every one a service requires", () => {
    const block = main.slice(main.indexOf("module apps"), main.indexOf("module roles"));
    const settings = [...block.matchAll(/^\s+([A-Z][A-Za-z0-9_]*): /gm)].map(([, name]) => name ?? "");
    for (const service of services) {
      const known = knownVariables(service);
      const unknown = settings.filter((name) => !known.has(name) && !platformSettings.has(name));
      expect(unknown, service.name).toEqual([]);
      const given = new Set([
        ...settings,
        "DATABASE_URL",
        ...fleet.services.flatMap((s) => s.upstreams.map((u) => u.variable)),
      ]);
      expect(
        requiredVariables(service).filter((name) => !given.has(name)),
        service.name,
      ).toEqual([]);
    }
    expect(block).toContain("NODE_ENV: 'production'");
    expect(settings).toEqual(
      expect.arrayContaining(["NODE_ENV", "REDIS_URL", "BUS_TRANSPORT", "SERVICEBUS_FQDN"]),
    );
  });
});

describe("infra/modules/web-app.bicep", () => {
  it("runs the artifact on Node 24 with a system-assigned identity, a health check and a staging slot", () => {
    expect(webApp).toContain("linuxFxVersion: 'NODE|24-lts'");
    expect(webApp).toContain("appCommandLine: 'node --enable-source-maps main.mjs'");
    expect(webApp).toContain("healthCheckPath: '/health/ready'");
    expect(webApp.match(/identity: \{ type: 'SystemAssigned' \}/g)).toHaveLength(2);
    expect(webApp).toContain("resource staging 'Microsoft.Web/sites/slots");
    expect(webApp).toContain("appSettingNames: ['DATABASE_URL']");
  });
});

describe("infra/modules/service-roles.bicep", () => {
  it("grants Data Sender on its own topic, Data Receiver on its own subscriptions, Key Vault Secrets User", () => {
    expect(roles).toContain("var dataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'");
    expect(roles).toContain("var dataReceiver = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'");
    expect(roles).toContain("var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'");
    expect(roles).toMatch(/resource sender [^\n]+\n[^\n]+\n\s+scope: topic\n/);
    expect(roles).toMatch(/resource secrets [^\n]+\n[^\n]+\n\s+scope: vault\n/);
    const receiver = read("modules/subscription-receiver.bicep");
    expect(receiver).toContain("scope: entity");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the file's own interpolation, not JavaScript's
    expect(receiver).toContain("'${serviceBusNamespaceName}/${topic}/${subscription}'");
    // No role wider than these anywhere in the infrastructure.
    for (const file of ["main.bicep", "modules/service-roles.bicep", "modules/subscription-receiver.bicep"])
      expect(read(file)).not.toMatch(/scope: (namespace|resourceGroup\(\))/);
  });

  it("each service sends only to its own topic and receives only from its own subscriptions", () => {
    for (const service of fleet.services) {
      if (service.sendsTo) expect(service.sendsTo).toBe(service.name);
      expect(bus.topics).toEqual(expect.arrayContaining(service.sendsTo ? [service.sendsTo] : []));
    }
    for (const receiver of fleet.receivers) expect(receiver.subscription).toBe(receiver.service);
  });
});

describe("infra/modules/service-bus.bicep", () => {
  it("a Standard namespace without keys, topics with duplicate detection, subscriptions and correlation rules from the generated file", () => {
    expect(serviceBusBicep).toContain("sku: { name: 'Standard', tier: 'Standard' }");
    expect(serviceBusBicep).toContain("disableLocalAuth: true");
    expect(serviceBusBicep).toContain("requiresDuplicateDetection: true");
    expect(serviceBusBicep).toMatch(/resource topic [^\n]+= \[for name in topics:/);
    expect(serviceBusBicep).toMatch(/resource subscription [^\n]+= \[for s in subscriptions:/);
    expect(serviceBusBicep).toMatch(/resource rule [^\n]+= \[for r in rules:/);
    expect(serviceBusBicep).toContain("filterType: 'CorrelationFilter'");
    expect(serviceBusBicep).toContain("requiresSession: s.requiresSession");
  });

  it("every topology subscription and each of its rules has a resource", () => {
    for (const subscription of topology.subscriptions) {
      expect(bus.subscriptions).toContainEqual({
        topic: subscription.topic,
        name: subscription.consumer,
        requiresSession: subscription.ordered,
      });
      for (const rule of rulesOf(subscription)) {
        expect(bus.rules).toContainEqual({
          topic: subscription.topic,
          subscription: subscription.consumer,
          name: rule.name,
          subject: rule.filter.subject,
        });
      }
    }
    expect(bus.topics.sort()).toEqual(topology.topics.map((topic) => topic.name).sort());
  });
});
