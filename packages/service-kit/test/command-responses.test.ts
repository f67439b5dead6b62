import { Type } from "typebox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Command,
  commandResponses,
  etagOf,
  Mediator,
  Query,
  type ServiceApp,
  StaleVersion,
} from "../src/index.ts";
import { createTestService } from "./support/test-service.ts";

interface Note {
  id: string;
  text: string;
  version: number;
}

class WriteNote extends Command<string> {
  constructor(
    readonly id: string,
    readonly text: string,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

class GetNote extends Query<Note> {
  constructor(readonly id: string) {
    super();
  }
}

describe("commandResponses: If-Match, send, read back, ETag", () => {
  const notes = new Map<string, Note>();
  const sent: (number | undefined)[] = [];
  let app: ServiceApp;

  beforeAll(async () => {
    const mediator = new Mediator()
      .register(WriteNote, {
        handle: async (command) => {
          sent.push(command.expectedVersion);
          const current = notes.get(command.id);
          if (command.expectedVersion !== undefined && command.expectedVersion !== (current?.version ?? 0)) {
            throw new StaleVersion(command.expectedVersion, current?.version ?? 0);
          }
          notes.set(command.id, { id: command.id, text: command.text, version: (current?.version ?? 0) + 1 });
          return command.id;
        },
      })
      .register(GetNote, { handle: async (query) => notes.get(query.id) as Note });
    const responses = commandResponses({
      read: (id) => mediator.ask(new GetNote(id)),
      etag: (note) => etagOf(note.version),
    });
    app = await createTestService({ name: "notes", version: "1.0.0", environment: "test", logger: false });
    const body = Type.Object({ id: Type.String(), text: Type.String() });
    app.post("/notes", { schema: { body } }, async (request, reply) =>
      responses.created(
        reply,
        () => mediator.send(new WriteNote(request.body.id, request.body.text)),
        (id) => `/notes/${id}`,
      ),
    );
    app.post("/notes/:id/text", { schema: { body } }, async (request, reply) =>
      responses.changed(request, reply, request.body.id, (expected) =>
        mediator.send(new WriteNote(request.body.id, request.body.text, expected)),
      ),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it("a create answers 201 with Location, the ETag and the resource read back", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/notes",
      payload: { id: "n1", text: "first" },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe("/notes/n1");
    expect(response.headers.etag).toBe('"1"');
    expect(response.json()).toEqual({ id: "n1", text: "first", version: 1 });
  });

  it("a change passes If-Match's version to the command and answers the new ETag", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/notes/n1/text",
      headers: { "if-match": 'W/"1"' },
      payload: { id: "n1", text: "second" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toEqual({ id: "n1", text: "second", version: 2 });
    expect(sent.at(-1)).toBe(1);
  });

  it("without If-Match the command carries no expected version", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/notes/n1/text",
      payload: { id: "n1", text: "third" },
    });
    expect(response.headers.etag).toBe('"3"');
    expect(sent.at(-1)).toBeUndefined();
  });

  it("a stale If-Match answers 412, a malformed one 400, and neither reaches the read-back", async () => {
    const stale = await app.inject({
      method: "POST",
      url: "/notes/n1/text",
      headers: { "if-match": '"1"' },
      payload: { id: "n1", text: "lost" },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers.etag).toBeUndefined();
    expect(stale.json()).toMatchObject({ code: "precondition_failed", currentVersion: 3 });
    const before = sent.length;
    const malformed = await app.inject({
      method: "POST",
      url: "/notes/n1/text",
      headers: { "if-match": "3" },
      payload: { id: "n1", text: "lost" },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: "invalid_if_match" });
    expect(sent.length).toBe(before);
    expect(notes.get("n1")?.text).toBe("third");
  });
});
