import { createTestIssuer, type TestIssuer } from "@ecommerce/test-support";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, TokenRejected, type TokenVerifier } from "../../src/index.ts";

const staff = { sub: "staff-1", roles: ["orders.read", "not a role!", "customer"] };

async function rejection(verifier: TokenVerifier, token: string): Promise<string> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRejected);
  return (error as TokenRejected).code;
}

describe("token verifier (jose, a local JWKS)", () => {
  let issuer: TestIssuer;
  let verifier: TokenVerifier;
  beforeAll(async () => {
    issuer = await createTestIssuer();
    verifier = createTokenVerifier(issuer.verifierOptions);
  });

  it("gives the principal of a valid token: its subject and its well-formed roles", async () => {
    expect(await verifier.verify(await issuer.tokenFor(staff))).toEqual({
      subject: "staff-1",
      roles: ["orders.read", "customer"],
    });
  });

  it.each([
    ["expired", "token_expired"],
    ["not-yet-valid", "token_not_yet_valid"],
    ["foreign issuer", "token_issuer_invalid"],
    ["wrong audience", "token_audience_invalid"],
    ["foreign key", "token_invalid"],
    ["alg none", "token_invalid"],
    ["tampered", "token_invalid"],
  ])("refuses a %s token (%s)", async (variant, code) => {
    const tokens = await issuer.brokenTokens(staff);
    expect(await rejection(verifier, String(tokens[variant]))).toBe(code);
  });

  it("refuses what is not a JWT, and a token without a subject or an expiry", async () => {
    expect(await rejection(verifier, "not-a-jwt")).toBe("token_invalid");
    const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
    const hmac = await new SignJWT({ roles: ["admin"] })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(issuer.issuer)
      .setAudience(issuer.audience)
      .setSubject("x")
      .setExpirationTime("1h")
      .sign(key);
    expect(await rejection(verifier, hmac)).toBe("token_invalid");
    expect(await rejection(verifier, await issuer.tokenFor({ sub: "", roles: [] }))).toBe("token_invalid");
  });

  it("allows a small clock skew: a token expired 10 s ago passes with the default 30 s tolerance, not with 0", async () => {
    const token = await issuer.tokenFor({ ...staff, exp: Math.floor(Date.now() / 1000) - 10 });
    expect((await verifier.verify(token)).subject).toBe("staff-1");
    const strict = createTokenVerifier({ ...issuer.verifierOptions, clockToleranceSeconds: 0 });
    expect(await rejection(strict, token)).toBe("token_expired");
  });
});
