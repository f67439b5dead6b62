import type { SecretStore } from "../../src/index.ts";

/** Stands in for Key Vault's SecretClient (the SDK edge): secrets by name, and the reads made. */
export class FakeSecretStore implements SecretStore {
  readonly reads: string[] = [];

  constructor(
    private readonly secrets: Record<string, string>,
    private readonly disabled: string[] = [],
  ) {}

  async *listPropertiesOfSecrets() {
    for (const name of Object.keys(this.secrets)) yield { name, enabled: !this.disabled.includes(name) };
  }

  async getSecret(name: string) {
    this.reads.push(name);
    const value = this.secrets[name];
    if (value === undefined) throw new Error(`SecretNotFound: ${name}`);
    return { value };
  }
}
