import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import type { Principal } from "./principal.ts";
import { SigningKeysUnavailable, TokenErrors, TokenRejected } from "./token-rejected.ts";

/** Only asymmetric algorithms: a shared secret would let every service mint tokens. */
export const ALLOWED_ALGORITHMS = ["RS256", "ES256"] as const;

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** The issuer's JWKS endpoint (Entra ID: `https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys`), or the key set itself. */
  jwks: URL | JSONWebKeySet;
  /** Clock skew allowed on `exp`, `nbf` and `iat` (default 30 s). */
  clockToleranceSeconds?: number;
}

export interface TokenVerifier {
  readonly issuer: string;
  readonly audience: string;
  /** The principal of a valid token; throws TokenRejected (401) or SigningKeysUnavailable (503). */
  verify(token: string): Promise<Principal>;
}

const ROLE = /^[A-Za-z0-9_.:-]{1,64}$/;
const MAX_SUBJECT_LENGTH = 256;

function rejectionOf(error: unknown): TokenRejected | SigningKeysUnavailable {
  if (error instanceof errors.JWTExpired)
    return new TokenRejected(TokenErrors.EXPIRED, "the token has expired");
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss")
      return new TokenRejected(TokenErrors.WRONG_ISSUER, "the token's issuer is not trusted");
    if (error.claim === "aud")
      return new TokenRejected(TokenErrors.WRONG_AUDIENCE, "the token is not for this API");
    if (error.claim === "nbf" || error.claim === "iat") {
      return new TokenRejected(TokenErrors.NOT_YET_VALID, "the token is not valid yet");
    }
    return new TokenRejected(TokenErrors.INVALID, `the token's ${error.claim} claim is invalid`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new TokenRejected(
      TokenErrors.INVALID,
      `the token's algorithm is not allowed (only ${ALLOWED_ALGORITHMS.join(", ")})`,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenRejected(TokenErrors.INVALID, "the token's signature does not verify");
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenRejected(TokenErrors.INVALID, "the token is not signed by a key of the trusted issuer");
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return new SigningKeysUnavailable(error);
  if (error instanceof errors.JOSEError)
    return new TokenRejected(TokenErrors.INVALID, "the token is malformed");
  // A remote key set that cannot be fetched (connection refused, DNS) surfaces as a plain error.
  return new SigningKeysUnavailable(error);
}

function principalOf(payload: JWTPayload): Principal {
  const subject = payload.sub;
  if (typeof subject !== "string" || subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH) {
    throw new TokenRejected(TokenErrors.INVALID, "the token has no valid subject (sub)");
  }
  const claimed = (payload as { roles?: unknown }).roles;
  const roles = Array.isArray(claimed)
    ? claimed.filter((r): r is string => typeof r === "string" && ROLE.test(r))
    : [];
  return { subject, roles };
}

/**
 * Verifies bearer JWTs with jose: signature by a key of the issuer's JWKS (fetched and cached for a
 * remote one, rotated keys picked up by `kid`), issuer, audience, `exp` required, `nbf`/`iat`, with a
 * small clock tolerance, and only the allowed algorithms (`alg: none` and HMAC refused).
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys: JWTVerifyGetKey =
    options.jwks instanceof URL
      ? createRemoteJWKSet(options.jwks, { timeoutDuration: 5_000, cooldownDuration: 30_000 })
      : createLocalJWKSet(options.jwks);
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: [...ALLOWED_ALGORITHMS],
    clockTolerance: options.clockToleranceSeconds ?? 30,
    requiredClaims: ["exp", "sub"],
  };
  return {
    issuer: options.issuer,
    audience: options.audience,
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, verifyOptions));
      } catch (error) {
        throw rejectionOf(error);
      }
      return principalOf(payload);
    },
  };
}
