import { randomUUID } from "node:crypto";
import type { AccessToken, TokenCredential } from "@azure/identity";

/**
 * Stands in for an Azure credential (the SDK edge): records the scopes asked for and issues a new
 * token each time. The token it will issue next is known in advance (`next`), so a test can make a
 * server accept exactly that token before a connection asks for it.
 */
export class FakeTokenCredential implements TokenCredential {
  readonly scopes: string[] = [];
  readonly issued: AccessToken[] = [];
  next = FakeTokenCredential.#newToken();

  constructor(private readonly lifetimeMs = 3_600_000) {}

  static #newToken(): string {
    return `entra-${randomUUID()}`;
  }

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...[scopes].flat());
    const token = { token: this.next, expiresOnTimestamp: Date.now() + this.lifetimeMs };
    this.next = FakeTokenCredential.#newToken();
    this.issued.push(token);
    return token;
  }

  /** The last token issued has expired (its holder sees it as such). */
  expireLatest(): void {
    const latest = this.issued.at(-1);
    if (latest) latest.expiresOnTimestamp = Date.now() - 1;
  }
}
