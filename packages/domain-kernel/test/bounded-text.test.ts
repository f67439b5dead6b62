import { describe, expect, it } from "vitest";
import {
  boundedText,
  MULTI_LINE_TEXT_PATTERN,
  NOT_BLANK_ONE_LINE_TEXT_PATTERN,
  ONE_LINE_TEXT_PATTERN,
  optionalBoundedText,
} from "../src/index.ts";

const CONTROL = ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\uD800", "\uDFFF"];

describe("boundedText", () => {
  it("trims and keeps any other character as given", () => {
    expect(boundedText("  Ünïcödé ☃ 𝄞 <b>'\"  ", { max: 50 }, "x.invalid", "a name")).toBe(
      "Ünïcödé ☃ 𝄞 <b>'\"",
    );
  });

  it.each(CONTROL)("refuses the control character %j, wherever it is", (c) => {
    for (const text of [`a${c}b`, `${c}ab`, `ab${c}`]) {
      expect(() => boundedText(text, { max: 50 }, "x.invalid", "a name")).toThrow(
        expect.objectContaining({ code: "x.invalid", kind: "invalid" }),
      );
      expect(() => boundedText(text, { max: 50, multiLine: true }, "x.invalid", "a note")).toThrow(
        expect.objectContaining({ code: "x.invalid" }),
      );
    }
  });

  it("keeps tab, newline and carriage return in multi-line text only", () => {
    expect(boundedText("a\r\n\tb", { max: 10, multiLine: true }, "x", "a note")).toBe("a\r\n\tb");
    expect(() => boundedText("a\nb", { max: 10 }, "x", "a name")).toThrow(/on one line/);
  });

  it("holds the length bounds after trimming", () => {
    expect(() => boundedText("   ", { max: 5 }, "x", "a name")).toThrow(/1-5 characters/);
    expect(() => boundedText("abcdef", { max: 5 }, "x", "a name")).toThrow(/1-5 characters/);
    expect(boundedText("  abcde  ", { max: 5 }, "x", "a name")).toBe("abcde");
    expect(boundedText("", { min: 0, max: 5, multiLine: true }, "x", "a note")).toBe("");
  });

  it("optional: blank or absent is null", () => {
    expect(optionalBoundedText(undefined, { max: 5 }, "x", "a line")).toBeNull();
    expect(optionalBoundedText(null, { max: 5 }, "x", "a line")).toBeNull();
    expect(optionalBoundedText("  ", { max: 5 }, "x", "a line")).toBeNull();
    expect(() => optionalBoundedText("a\u0000", { max: 5 }, "x", "a line")).toThrow();
  });
});

describe("the bounded-text patterns the schemas share", () => {
  const test = (pattern: string, text: string) => new RegExp(pattern, "u").test(text);

  it("refuse what boundedText refuses", () => {
    for (const c of CONTROL) {
      expect(test(ONE_LINE_TEXT_PATTERN, `a${c}`), JSON.stringify(c)).toBe(false);
      expect(test(MULTI_LINE_TEXT_PATTERN, `a${c}`), JSON.stringify(c)).toBe(false);
      expect(test(NOT_BLANK_ONE_LINE_TEXT_PATTERN, `a${c}`), JSON.stringify(c)).toBe(false);
    }
    expect(test(ONE_LINE_TEXT_PATTERN, "a\nb")).toBe(false);
    expect(test(MULTI_LINE_TEXT_PATTERN, "a\r\n\tb")).toBe(true);
    expect(test(NOT_BLANK_ONE_LINE_TEXT_PATTERN, "  ")).toBe(false);
    expect(test(NOT_BLANK_ONE_LINE_TEXT_PATTERN, " a ")).toBe(true);
    expect(test(ONE_LINE_TEXT_PATTERN, "Ünïcödé ☃ 𝄞 🎉 a\u202Eb\u200Bc")).toBe(true);
  });
});
