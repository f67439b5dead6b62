import { describe, expect, it } from "vitest";
import { describeService, loadRunnerConfig } from "../src/index.ts";

const database = { DATABASE_URL: "postgres://app@db:5432/ordering" };

describe("where the runner listens", () => {
  it("outside production: on 127.0.0.1 and the service's port, so a developer's service stays local", () => {
    const config = loadRunnerConfig(3002, {}, { ...database });
    expect({ host: config.HOST, port: config.PORT }).toEqual({ host: "127.0.0.1", port: 3002 });
  });

  it("in production: on every interface, since App Service and containers reach the app from outside", () => {
    const config = loadRunnerConfig(3002, {}, { ...database, NODE_ENV: "production" });
    expect(config.HOST).toBe("0.0.0.0");
  });

  it("on App Service's PORT, or on WEBSITES_PORT when PORT is not set; PORT wins over both", () => {
    expect(loadRunnerConfig(3002, {}, { ...database, WEBSITES_PORT: "8181" }).PORT).toBe(8181);
    expect(loadRunnerConfig(3002, {}, { ...database, WEBSITES_PORT: "8181", PORT: "8080" }).PORT).toBe(8080);
    expect(loadRunnerConfig(3002, {}, { ...database, PORT: "8080" }).PORT).toBe(8080);
  });

  it("HOST, when set, is kept in every environment", () => {
    const config = loadRunnerConfig(3002, {}, { ...database, NODE_ENV: "production", HOST: "10.0.0.4" });
    expect(config.HOST).toBe("10.0.0.4");
  });
});

describe("describeService", () => {
  it("names the service, its port and every variable the runner validates and the bus reads", () => {
    const description = describeService({
      name: "sample",
      port: 3999,
      migrations: ["/somewhere"],
      database: () => ({ $disconnect: async () => undefined }),
      build: async () => {
        throw new Error("not built by describe");
      },
    });
    expect(description).toMatchObject({ name: "sample", port: 3999, database: true, consumesEvents: false });
    expect(Object.keys(description.configSchema.properties)).toEqual(
      expect.arrayContaining(["NODE_ENV", "HOST", "PORT", "WEBSITES_PORT", "DATABASE_URL", "REDIS_URL"]),
    );
    expect(description.configSchema.required).toContain("DATABASE_URL");
    expect(description.busVariables).toEqual(expect.arrayContaining(["BUS_TRANSPORT", "SERVICEBUS_FQDN"]));
  });
});
