import { Type } from "typebox";
import { AuditTargetSchema, ListAuditTrail, MAX_AUDIT_CURSOR_LENGTH } from "../audit/list-audit-trail.ts";
import { Roles } from "../auth/roles.ts";
import { requires } from "../auth/route-access.ts";
import type { Mediator } from "../mediator/mediator.ts";
import { CursorSchema, DEFAULT_PAGE_SIZE, PageSizeSchema } from "../paging/page.ts";
import { ProblemSchema, pageOf, UuidSchema } from "./common-schemas.ts";
import type { ServiceApp } from "./create-service.ts";

const AuditQuery = Type.Object(
  {
    targetId: AuditTargetSchema,
    cursor: Type.Optional(CursorSchema(MAX_AUDIT_CURSOR_LENGTH)),
    limit: PageSizeSchema({ default: DEFAULT_PAGE_SIZE }),
  },
  { additionalProperties: false },
);

const AuditRecordSchema = Type.Object(
  {
    id: UuidSchema,
    at: Type.String({ format: "date-time", description: "When the command arrived" }),
    actor: Type.Object({
      subject: Type.String({ description: "The token's subject, `event:<context>`, or `anonymous`" }),
      roles: Type.Array(Type.String()),
    }),
    command: Type.String({ examples: ["ConfirmOrder"] }),
    targetId: Type.Union([Type.String(), Type.Null()]),
    payload: Type.Record(Type.String(), Type.Unknown(), {
      description: "The command's fields; secrets and personal data read `[redacted]`",
    }),
    correlationId: Type.String(),
    causationId: Type.String(),
    outcome: Type.String({ description: "`succeeded`, or the code of the error that refused the command" }),
    durationMs: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

/**
 * `GET /audit?targetId=`: the audit trail of one target (an order, a product...), newest first, in
 * cursor pages. Every service registers it beside its queries; the rows are its own database's.
 * Admin only: the trail says who did what to everyone's resources.
 */
export async function auditRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  app.get(
    "/audit",
    {
      config: { auth: requires(Roles.ADMIN) },
      schema: {
        summary: "List a target's audit trail, newest first",
        tags: ["audit"],
        querystring: AuditQuery,
        response: { 200: pageOf(AuditRecordSchema), 400: ProblemSchema },
      },
    },
    async (request) => {
      const { targetId, cursor, limit } = request.query;
      return mediator.ask(new ListAuditTrail(targetId, cursor, limit));
    },
  );
}
