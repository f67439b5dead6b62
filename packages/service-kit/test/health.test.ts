import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@ecommerce/test-support";
import pg from "pg";
import { Type } from "typebox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertMigrated, migrate, type ServiceApp } from "../src/index.ts";
import { pgExecutor } from "./support/pg-executor.ts";
import { createTestService } from "./support/test-service.ts";

describe("health", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let migrations: string;
  let app: ServiceApp;

  beforeAll(async () => {
    db = await createTestDatabase({ prefix: "sk_health" });
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    migrations = mkdtempSync(join(tmpdir(), "sk-health-"));
    mkdirSync(join(migrations, "20260101000000_orders"));
    writeFileSync(
      join(migrations, "20260101000000_orders", "migration.sql"),
      "CREATE TABLE orders (id uuid PRIMARY KEY);",
    );
    app = await createTestService({
      name: "ordering",
      version: "1.0.0",
      logger: false,
      readiness: {
        database: async () => {
          await pool.query("SELECT 1");
        },
        migrations: () => assertMigrated(pgExecutor(pool), [migrations]),
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await pool.end();
    await db.drop();
    rmSync(migrations, { recursive: true, force: true });
  });

  it("/health/live answers 200 without looking at dependencies", async () => {
    const response = await app.inject({ method: "GET", url: "/health/live" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("/health/ready answers 503 naming the failing check while a migration is pending, then 200", async () => {
    const pending = await app.inject({ method: "GET", url: "/health/ready" });
    expect(pending.statusCode).toBe(503);
    expect(pending.json()).toEqual({
      status: "unavailable",
      checks: {
        database: { status: "ok" },
        migrations: { status: "failed", error: expect.stringContaining("20260101000000_orders") },
      },
    });

    await migrate({ databaseUrl: db.url, sources: [migrations] });
    const ready = await app.inject({ method: "GET", url: "/health/ready" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: "ok",
      checks: { database: { status: "ok" }, migrations: { status: "ok" } },
    });
  });

  it("/health/ready answers 503 when the database is unreachable", async () => {
    const deadPool = new pg.Pool({ connectionString: `${db.url}_gone`, max: 1 });
    const unreachable = await createTestService({
      name: "ordering",
      version: "1.0.0",
      logger: false,
      readiness: {
        database: async () => {
          await deadPool.query("SELECT 1");
        },
      },
    });
    try {
      const response = await unreachable.inject({ method: "GET", url: "/health/ready" });
      expect(response.statusCode).toBe(503);
      expect(response.json().checks.database).toEqual({
        status: "failed",
        error: expect.stringContaining("does not exist"),
      });
    } finally {
      await unreachable.close();
      await deadPool.end();
    }
  });

  it("in production, names the failing check but keeps its error (hosts, users) out of the answer", async () => {
    const failing = await createTestService({
      name: "ordering",
      version: "1.0.0",
      logger: false,
      environment: "production",
      readiness: {
        database: async () => {
          throw new Error('password authentication failed for user "ordering" at db.internal:5432');
        },
      },
    });
    try {
      const response = await failing.inject({ method: "GET", url: "/health/ready" });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: "unavailable", checks: { database: { status: "failed" } } });
      expect(response.body).not.toContain("db.internal");
    } finally {
      await failing.close();
    }
  });

  it("/health/ready with no checks is ready", async () => {
    const bare = await createTestService({ name: "bare", version: "0.0.1", logger: false });
    try {
      const response = await bare.inject({ method: "GET", url: "/health/ready" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: "ok" });
    } finally {
      await bare.close();
    }
  });
});

describe("OpenAPI and Swagger UI", () => {
  async function serviceIn(environment: "development" | "production") {
    const app = await createTestService({ name: "catalog", version: "2.3.4", environment, logger: false });
    app.post(
      "/products",
      {
        schema: {
          summary: "Create a product",
          body: Type.Object({ sku: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
          response: { 201: Type.Object({ id: Type.String({ format: "uuid" }) }) },
        },
      },
      async (_request, reply) => reply.code(201).send({ id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" }),
    );
    await app.ready();
    return app;
  }

  it("/openapi.json describes the registered routes from their schemas", async () => {
    const app = await serviceIn("development");
    try {
      const response = await app.inject({ method: "GET", url: "/openapi.json" });
      expect(response.statusCode).toBe(200);
      const document = response.json();
      expect(document.openapi).toBe("3.1.0");
      expect(document.info).toMatchObject({ title: "catalog service", version: "2.3.4" });
      const operation = document.paths["/products"]?.post;
      expect(operation).toMatchObject({ summary: "Create a product" });
      expect(JSON.stringify(operation.requestBody)).toContain('"sku"');
      expect(operation.responses["201"]).toBeDefined();
      // Infrastructure routes stay out of the public contract.
      expect(document.paths["/health/live"]).toBeUndefined();
      expect(document.paths["/openapi.json"]).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it("serves Swagger UI at /docs outside production", async () => {
    const app = await serviceIn("development");
    try {
      const response = await app.inject({ method: "GET", url: "/docs" });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toMatch(/text\/html/);
    } finally {
      await app.close();
    }
  });

  it("has no /docs in production, but still publishes /openapi.json", async () => {
    const app = await serviceIn("production");
    try {
      const docs = await app.inject({ method: "GET", url: "/docs" });
      expect(docs.statusCode).toBe(404);
      expect(docs.json()).toMatchObject({ code: "route_not_found" });
      expect((await app.inject({ method: "GET", url: "/docs/static/index.html" })).statusCode).toBe(404);
      const openapi = await app.inject({ method: "GET", url: "/openapi.json" });
      expect(openapi.statusCode).toBe(200);
      expect(openapi.json().paths["/products"]).toBeDefined();
    } finally {
      await app.close();
    }
  });
});
