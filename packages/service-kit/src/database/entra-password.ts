import type { TokenCredential } from "@azure/identity";

/** Azure Database for PostgreSQL's Entra ID scope: its tokens are accepted as passwords. */
export const POSTGRES_ENTRA_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";

/** What `pg` accepts as `password`: it is called for each new physical connection. */
export type PasswordFunction = () => Promise<string>;

export interface EntraPasswordOptions {
  /** A token expiring within this margin is replaced before use (default 5 minutes). */
  refreshMarginMs?: number;
  /** Each fresh token, e.g. to keep it out of the logs. */
  onToken?: (token: string) => void;
}

/**
 * A `pg` password function that answers with an Entra access token for PostgreSQL. The token is
 * kept until it is about to expire, then fetched again, so each new connection authenticates with
 * a valid token without a round trip to the identity endpoint per connection. Concurrent
 * connections share one fetch.
 */
export function entraTokenPassword(
  credential: TokenCredential,
  options: EntraPasswordOptions = {},
): PasswordFunction {
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  let current: { token: string; expiresOnTimestamp: number } | undefined;
  let fetching: Promise<string> | undefined;
  return () => {
    if (current && Date.now() < current.expiresOnTimestamp - margin) return Promise.resolve(current.token);
    fetching ??= (async () => {
      try {
        const token = await credential.getToken(POSTGRES_ENTRA_SCOPE);
        if (!token) throw new Error("could not get an Entra ID token for PostgreSQL");
        current = token;
        options.onToken?.(token.token);
        return token.token;
      } finally {
        fetching = undefined;
      }
    })();
    return fetching;
  };
}
