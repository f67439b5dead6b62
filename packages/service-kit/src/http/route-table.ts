import type { FastifyInstance } from "fastify";

interface Route {
  pattern: RegExp;
  methods: Set<string>;
}

/** A route path as a regular expression: `:param` is one segment, `*` anything. */
function patternOf(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => {
      if (part === "*") return ".*";
      if (part.startsWith(":")) return "[^/]+";
      return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${source}$`);
}

/**
 * The methods each path takes, so that the not-found handler can tell "no such path" (404) from "not
 * with this method" (405 with `Allow`). Fastify's router answers only whether method and path match.
 */
export class RouteTable {
  readonly #routes = new Map<string, Route>();

  /** Records every route registered on `app` from now on (its children's included). */
  static of(app: FastifyInstance): RouteTable {
    const table = new RouteTable();
    app.addHook("onRoute", (route) => table.add(route.url, route.method));
    return table;
  }

  add(url: string, method: string | string[]): void {
    const route = this.#routes.get(url) ?? { pattern: patternOf(url), methods: new Set<string>() };
    for (const m of [method].flat()) route.methods.add(m.toUpperCase());
    this.#routes.set(url, route);
  }

  /** The methods some route takes at this path (without its query string); empty if none. */
  methodsAt(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.#routes.values()) {
      if (route.pattern.test(path)) for (const m of route.methods) methods.add(m);
    }
    return [...methods].sort();
  }
}
