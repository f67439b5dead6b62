import type { ServiceDocument } from "../application/aggregate-openapi.ts";
import type { Upstreams } from "../config.ts";
import { CONTEXTS } from "../domain/public-routes.ts";

const FETCH_TIMEOUT_MS = 3_000;

async function documentAt(base: string): Promise<Record<string, unknown> | undefined> {
  try {
    const res = await fetch(`${base}/openapi.json`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!res.ok) return undefined;
    return (await res.json()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Every context's document from its own service. With a read instance apart from the write one,
 * each serves half the API (queries, commands), so both are asked and their paths merged.
 */
export async function fetchServiceDocuments(upstreams: Upstreams): Promise<ServiceDocument[]> {
  return Promise.all(
    CONTEXTS.map(async (context) => {
      const { read, write } = upstreams[context];
      const [w, r] = await Promise.all([documentAt(write), read === write ? undefined : documentAt(read)]);
      if (!w || (read !== write && !r)) return { context, document: undefined };
      if (!r) return { context, document: w };
      const paths: Record<string, Record<string, unknown>> = {};
      for (const doc of [w, r]) {
        for (const [path, item] of Object.entries(
          (doc.paths ?? {}) as Record<string, Record<string, unknown>>,
        ))
          paths[path] = { ...(paths[path] ?? {}), ...item };
      }
      const components = { schemas: { ...schemasOf(w), ...schemasOf(r) } };
      return { context, document: { ...w, components, paths } };
    }),
  );
}

function schemasOf(doc: Record<string, unknown>): Record<string, unknown> {
  return ((doc.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {}) as Record<
    string,
    unknown
  >;
}

/**
 * The aggregate, kept for `ttlSeconds` once every service answered; while one does not, each read
 * asks again (so the document completes as soon as the fleet is up).
 */
export function cachedDocument(
  make: () => Promise<{ document: unknown; complete: boolean }>,
  ttlSeconds: number,
): () => Promise<unknown> {
  let kept: { document: unknown; until: number } | undefined;
  let pending: Promise<unknown> | undefined;
  return async () => {
    if (kept && Date.now() < kept.until) return kept.document;
    pending ??= make()
      .then(({ document, complete }) => {
        kept = complete ? { document, until: Date.now() + ttlSeconds * 1000 } : undefined;
        return document;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
