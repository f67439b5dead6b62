import { testIssuer } from "./test-issuer.ts";

/** `{ authorization: "Bearer <token>" }` for a token of test-support's issuer with this subject and roles. */
export async function authorizationAs(subject: string, roles: string[]): Promise<{ authorization: string }> {
  const token = await (await testIssuer()).tokenFor({ sub: subject, roles });
  return { authorization: `Bearer ${token}` };
}
