/**
 * Whether a unique index refused the write: Prisma's P2002, or PostgreSQL's 23505 from raw SQL
 * (directly or as the cause of a driver adapter's error). With `index`, only a violation of that
 * index counts, so a repository can tell "the email is taken" from any other duplicate.
 */
export function isUniqueViolation(error: unknown, index?: string): boolean {
  const e = error as { code?: string; message?: string; meta?: unknown; cause?: { code?: string } };
  const unique = e?.code === "P2002" || e?.code === "23505" || e?.cause?.code === "23505";
  if (!unique || index === undefined) return unique;
  return `${e.message ?? ""} ${JSON.stringify(e.meta ?? {})}`.includes(index);
}
