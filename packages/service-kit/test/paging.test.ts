import { describe, expect, it } from "vitest";
import { ApplicationError, decodeCursor, encodeCursor, MAX_PAGE_SIZE, PageSizeSchema } from "../src/index.ts";

const ID = "0193a6f0-0000-7000-8000-00000000000a";
const anyStrings = () => true;

describe("cursors", () => {
  it("give back the position they were made from, opaque to clients", () => {
    const cursor = encodeCursor(["Boots ☃ \"'", ID]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 2, anyStrings)).toEqual(["Boots ☃ \"'", ID]);
  });

  it.each([
    ["garbage", "not-a-cursor!"],
    ["base64 of something else", Buffer.from("hello").toString("base64url")],
    ["base64 of JSON that is not a list", Buffer.from('{"id":1}').toString("base64url")],
    ["a position of another length", encodeCursor([ID, ID])],
    ["a position holding a number", Buffer.from(JSON.stringify([42])).toString("base64url")],
    ["a position the list refuses", encodeCursor(["not-an-id"])],
    ["empty", ""],
  ])("refuse %s with a 400 invalid_cursor", (_what, cursor) => {
    const decode = () => decodeCursor(cursor, 1, ([id]) => id === ID);
    expect(decode).toThrow(ApplicationError);
    expect(decode).toThrow(expect.objectContaining({ kind: "malformed", code: "invalid_cursor" }));
  });
});

describe("page size", () => {
  it("is 1 to MAX_PAGE_SIZE, with the default HTTP gives", () => {
    expect(PageSizeSchema()).toMatchObject({ type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE });
    expect(PageSizeSchema({ default: 20 })).toMatchObject({ default: 20 });
  });
});
