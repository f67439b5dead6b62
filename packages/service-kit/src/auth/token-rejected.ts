import { KitErrors } from "../errors/kit-errors.ts";

/** Why a token was refused: each is a stable problem `code` of a 401. */
export const TokenErrors = {
  MISSING: KitErrors.AUTH_REQUIRED,
  INVALID: KitErrors.TOKEN_INVALID,
  EXPIRED: KitErrors.TOKEN_EXPIRED,
  NOT_YET_VALID: KitErrors.TOKEN_NOT_YET_VALID,
  WRONG_ISSUER: KitErrors.TOKEN_ISSUER_INVALID,
  WRONG_AUDIENCE: KitErrors.TOKEN_AUDIENCE_INVALID,
} as const;

export type TokenErrorCode = (typeof TokenErrors)[keyof typeof TokenErrors];

/** A token the service does not accept; `message` is safe to send to the client. */
export class TokenRejected extends Error {
  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "TokenRejected";
  }
}

/** The issuer's keys could not be fetched: not the client's fault (a 503), and worth a retry. */
export class SigningKeysUnavailable extends Error {
  constructor(cause: unknown) {
    super("the token issuer's signing keys are unavailable", { cause });
    this.name = "SigningKeysUnavailable";
  }
}
