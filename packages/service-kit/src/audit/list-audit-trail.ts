import { Type } from "typebox";
import type { MessageHandler } from "../mediator/message.ts";
import { Query } from "../mediator/message.ts";
import { CursorSchema, type Page, PageSizeSchema } from "../paging/page.ts";
import type { AuditRecord, SqlAuditTrail } from "./sql-audit-trail.ts";

/** Far above any cursor the trail hands out (a time and a UUID). */
export const MAX_AUDIT_CURSOR_LENGTH = 200;

/** A target id as the trail stores it: the fleet's ids are UUIDs, but the trail takes any plain token. */
export const AuditTargetSchema = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: "^[A-Za-z0-9._:-]+$",
  description: "The id of the aggregate whose trail is listed (an order, a product, a customer...)",
});

/** A target's audit trail, newest first. */
export class ListAuditTrail extends Query<Page<AuditRecord>> {
  static readonly schema = Type.Object(
    {
      targetId: AuditTargetSchema,
      cursor: Type.Optional(CursorSchema(MAX_AUDIT_CURSOR_LENGTH)),
      limit: PageSizeSchema(),
    },
    { additionalProperties: false },
  );

  constructor(
    readonly targetId: string,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

export function listAuditTrailHandler(trail: SqlAuditTrail): MessageHandler<ListAuditTrail> {
  return { handle: (query) => trail.list(query.targetId, query.cursor, query.limit) };
}
