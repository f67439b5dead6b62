import type { FastifyReply, FastifyRequest } from "fastify";
import { versionFromIfMatch } from "./etag.ts";

/** How a command route reads its resource back after the command, and the resource's ETag. */
export interface CommandResource<TView> {
  /** Reads the resource as a query answers it. */
  read(id: string): Promise<TView>;
  /** The ETag of what was read. */
  etag(view: TView): string;
  /** The version an If-Match header names; by default the kit's `"3"` (or `W/"3"`). */
  expectedVersion?(ifMatch: string | undefined): number | undefined;
}

export interface CommandResponses<TView> {
  /** A create: no If-Match (there is nothing to match yet); 201 with Location and the ETag. */
  created(reply: FastifyReply, send: () => Promise<string>, location: (id: string) => string): Promise<TView>;
  /** A change to the resource `id`: If-Match → send → read back → ETag. */
  changed(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    send: (expectedVersion: number | undefined) => Promise<unknown>,
  ): Promise<TView>;
}

/**
 * The steps every command route repeats: read If-Match, send the command, read the resource back
 * and set its ETag. The route returns what this returns (the resource as it now stands).
 */
export function commandResponses<TView>(resource: CommandResource<TView>): CommandResponses<TView> {
  const expectedVersion = resource.expectedVersion ?? versionFromIfMatch;
  return {
    async created(reply, send, location) {
      const id = await send();
      const view = await resource.read(id);
      reply.code(201).header("location", location(id)).header("etag", resource.etag(view));
      return view;
    },
    async changed(request, reply, id, send) {
      const ifMatch = request.headers["if-match"];
      await send(expectedVersion(typeof ifMatch === "string" ? ifMatch : undefined));
      const view = await resource.read(id);
      reply.header("etag", resource.etag(view));
      return view;
    },
  };
}
