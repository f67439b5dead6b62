import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testServerUrl } from "../src/index.ts";

async function templateNames(): Promise<string[]> {
  const c = new pg.Client({ connectionString: await testServerUrl() });
  await c.connect();
  const { rows } = await c.query("SELECT datname FROM pg_database WHERE datname LIKE 'tpl\\_demo\\_%'");
  await c.end();
  return rows.map((r) => r.datname);
}

describe("createTestDatabase", () => {
  const created: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of created) await db.drop();
  });

  it("gives each caller its own database, copied from the prepared template", async () => {
    let prepared = 0;
    const template = {
      key: "demo",
      fingerprint: `run-${Date.now()}-${Math.random()}`,
      prepare: async (url: string) => {
        prepared++;
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query("create table thing (id int primary key)");
        await c.end();
      },
    };
    const a = await createTestDatabase({ prefix: "a", template });
    const b = await createTestDatabase({ prefix: "b", template });
    created.push(a, b);
    expect(a.url).not.toBe(b.url);
    expect(prepared).toBe(1);
    expect(await templateNames()).toHaveLength(1);

    const ca = new pg.Client({ connectionString: a.url });
    await ca.connect();
    await ca.query("insert into thing values (1)");
    await ca.end();
    const cb = new pg.Client({ connectionString: b.url });
    await cb.connect();
    const { rows } = await cb.query("select count(*)::int as n from thing");
    await cb.end();
    expect(rows[0].n).toBe(0);
  });

  it("drops the database", async () => {
    const db = await createTestDatabase({ prefix: "dropme" });
    await db.drop();
    const c = new pg.Client({ connectionString: db.url });
    await expect(c.connect()).rejects.toThrow(/does not exist/);
    await c.end().catch(() => undefined);
  });
});
