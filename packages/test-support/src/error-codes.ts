import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/**
 * A context's error codes are its list (`domain/errors.ts`, `codes`): each code is stable and
 * listed once, and the sources under `srcDir` throw only listed codes, never an inline string.
 * Application, domain and infrastructure code throw no HTTP-typed error: only `http/` may.
 */
export function expectErrorCodesListed(srcDir: string, codes: Record<string, string>): void {
  const values = Object.values(codes);
  expect(new Set(values).size, "a code is listed twice").toBe(values.length);
  for (const code of values) expect(code).toMatch(/^[a-z]+\.[a-z]+(_[a-z]+)*$/);

  const prefixes = [...new Set(values.map((code) => code.split(".")[0]))].join("|");
  // Quoted, not back-quoted: comments name codes in back-quotes.
  const inlineCode = new RegExp(`["'](?:${prefixes})\\.[a-z_]+["']`);
  const literalThrow = /new (?:DomainError|ApplicationError)\(\s*["'`]/;
  const httpTyped = /\b(?:HttpProblem|PreconditionFailedProblem|NotFoundProblem)\b/;
  const inline: string[] = [];
  const http: string[] = [];
  const sources = sourceFiles(srcDir);
  const listFile = sources.find((file) => file.endsWith(join("domain", "errors.ts")));
  for (const file of sources) {
    if (file === listFile) continue;
    const text = readFileSync(file, "utf8");
    const where = relative(srcDir, file);
    if (inlineCode.test(text) || literalThrow.test(text)) inline.push(where);
    if (!where.startsWith(`http${"/"}`) && httpTyped.test(text)) http.push(where);
  }
  expect(inline, "error codes written inline instead of taken from domain/errors.ts").toEqual([]);
  expect(http, "HTTP-typed errors outside http/").toEqual([]);

  const everything = sources.filter((file) => file !== listFile).map((file) => readFileSync(file, "utf8"));
  const unused = Object.keys(codes).filter((key) => !everything.some((text) => text.includes(`.${key}`)));
  expect(unused, "listed codes that nothing throws").toEqual([]);
}
