import { randomUUID } from "node:crypto";
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  SignJWT,
  UnsecuredJWT,
} from "jose";

/** What a test token says; any other claim is passed through. */
export interface TokenClaims {
  sub: string;
  roles: string[];
  [claim: string]: unknown;
}

/**
 * An issuer in memory for tests: its own ES256 key pair and JWKS, and tokens signed by it, good or
 * broken on purpose. `verifierOptions` is what the kit's `createTokenVerifier` takes.
 */
export interface TestIssuer {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
  verifierOptions: { issuer: string; audience: string; jwks: JSONWebKeySet; clockToleranceSeconds: number };
  /** A valid token (an hour long) with these claims. */
  tokenFor(claims: TokenClaims): Promise<string>;
  /** Expired an hour ago (well beyond the clock tolerance). */
  expiredToken(claims: TokenClaims): Promise<string>;
  /** Valid only from an hour from now. */
  notYetValidToken(claims: TokenClaims): Promise<string>;
  /** Signed by this issuer's key but naming another issuer. */
  foreignIssuerToken(claims: TokenClaims): Promise<string>;
  /** Signed by another key pair, under this issuer's name and key id. */
  foreignKeyToken(claims: TokenClaims): Promise<string>;
  /** For another API. */
  wrongAudienceToken(claims: TokenClaims): Promise<string>;
  /** `alg: none`, unsigned. */
  algNoneToken(claims: TokenClaims): Promise<string>;
  /** A valid token whose payload was changed after signing (another subject, raised to admin). */
  tamperedToken(claims: TokenClaims): Promise<string>;
  /** Every broken variant, by name, for a matrix. */
  brokenTokens(claims: TokenClaims): Promise<Record<string, string>>;
}

const ISSUER = "https://issuer.test/ecommerce";
const AUDIENCE = "ecommerce-api-test";

interface Signing {
  key: CryptoKey;
  kid: string;
}

async function newSigning(): Promise<{ signing: Signing; publicJwk: Record<string, unknown> }> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { signing: { key: privateKey, kid }, publicJwk: { ...publicJwk, kid, alg: "ES256", use: "sig" } };
}

function sign(
  signing: Signing,
  claims: TokenClaims,
  options: { iss?: string; aud?: string; offsetSeconds?: number; nbfSeconds?: number } = {},
) {
  const { sub, roles, ...rest } = claims;
  const now = Math.floor(Date.now() / 1000) + (options.offsetSeconds ?? 0);
  const jwt = new SignJWT({ ...rest, roles })
    .setProtectedHeader({ alg: "ES256", kid: signing.kid, typ: "JWT" })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setSubject(sub)
    .setJti(randomUUID());
  // A claim the test gives (`exp`, `iat`) wins over the defaults.
  if (rest.iat === undefined) jwt.setIssuedAt(now);
  if (rest.exp === undefined) jwt.setExpirationTime(now + 3600);
  if (options.nbfSeconds !== undefined) jwt.setNotBefore(Math.floor(Date.now() / 1000) + options.nbfSeconds);
  return jwt.sign(signing.key);
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

let shared: Promise<TestIssuer> | undefined;

/** The test issuer, one per process (key generation is cheap, but tests share its JWKS). */
export function testIssuer(): Promise<TestIssuer> {
  shared ??= createTestIssuer();
  return shared;
}

export async function createTestIssuer(): Promise<TestIssuer> {
  const own = await newSigning();
  const foreign = await newSigning();
  const jwks = { keys: [own.publicJwk] } as JSONWebKeySet;
  const issuer: TestIssuer = {
    issuer: ISSUER,
    audience: AUDIENCE,
    jwks,
    verifierOptions: { issuer: ISSUER, audience: AUDIENCE, jwks, clockToleranceSeconds: 30 },
    tokenFor: (claims) => sign(own.signing, claims),
    expiredToken: (claims) => sign(own.signing, claims, { offsetSeconds: -7200 }),
    notYetValidToken: (claims) => sign(own.signing, claims, { nbfSeconds: 3600 }),
    foreignIssuerToken: (claims) => sign(own.signing, claims, { iss: "https://someone-else.test/" }),
    foreignKeyToken: (claims) => sign({ key: foreign.signing.key, kid: own.signing.kid }, claims),
    wrongAudienceToken: (claims) => sign(own.signing, claims, { aud: "another-api" }),
    async algNoneToken(claims) {
      const { sub, roles, ...rest } = claims;
      return new UnsecuredJWT({ ...rest, roles })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime("1h")
        .encode();
    },
    async tamperedToken(claims) {
      const [header, payload, signature] = (await sign(own.signing, claims)).split(".");
      const changed = {
        ...JSON.parse(Buffer.from(String(payload), "base64url").toString()),
        sub: `${claims.sub}-other`,
        roles: ["admin"],
      };
      return `${header}.${base64url(changed)}.${signature}`;
    },
    async brokenTokens(claims) {
      return {
        expired: await issuer.expiredToken(claims),
        "not-yet-valid": await issuer.notYetValidToken(claims),
        "foreign issuer": await issuer.foreignIssuerToken(claims),
        "foreign key": await issuer.foreignKeyToken(claims),
        "wrong audience": await issuer.wrongAudienceToken(claims),
        "alg none": await issuer.algNoneToken(claims),
        tampered: await issuer.tamperedToken(claims),
      };
    },
  };
  return issuer;
}
