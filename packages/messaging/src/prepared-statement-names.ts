import { createHash } from "node:crypto";

/**
 * Names for PostgreSQL prepared statements, one per distinct SQL text: a named statement is parsed
 * and planned once per connection instead of on every call. The number of texts is bounded: a text
 * built with a varying shape (an IN list of any length) could otherwise fill every connection with
 * statements used once; past the bound, new texts run unnamed as before.
 */
export class PreparedStatementNames {
  readonly #names = new Map<string, string>();

  constructor(
    private readonly prefix: string,
    private readonly limit = 256,
  ) {}

  nameFor(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined || this.#names.size >= this.limit) return known;
    const name = `${this.prefix}_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    this.#names.set(text, name);
    return name;
  }
}
