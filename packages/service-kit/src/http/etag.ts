import { HttpProblem } from "./problems.ts";

export function etagOf(version: number): string {
  return `"${version}"`;
}

/** If-Match carries the version the client saw, as the ETag we gave it ("3", W/"3" also taken). */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match?.[1]) {
    throw new HttpProblem(400, "invalid_if_match", 'If-Match must be an ETag this API returned, e.g. "3"');
  }
  return Number(match[1]);
}

/** Whether If-None-Match names the current ETag (weak or strong, or one of a list, or *). */
export function notModified(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === etag || tag === "*");
}
