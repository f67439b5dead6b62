import type { TokenCredential } from "@azure/identity";
import { isKeyVaultReference } from "./key-vault-reference.ts";
import { ConfigError } from "./load-config.ts";

/** The slice of `@azure/keyvault-secrets`' SecretClient this module uses (a test stands in for it). */
export interface SecretStore {
  listPropertiesOfSecrets(): AsyncIterable<{ name: string; enabled?: boolean | undefined }>;
  getSecret(name: string): Promise<{ value?: string | undefined }>;
}

export type SecretStoreFactory = (
  vaultUrl: string,
  credential: TokenCredential,
) => SecretStore | Promise<SecretStore>;

/** The SecretClient of `@azure/keyvault-secrets`, loaded only where KEY_VAULT_URL is set. */
export const keyVaultSecretStore: SecretStoreFactory = async (vaultUrl, credential) => {
  const { SecretClient } = await import("@azure/keyvault-secrets");
  return new SecretClient(vaultUrl, credential);
};

/**
 * Key Vault secret names allow letters, digits and dashes only, so a setting's name is written with
 * dashes: `DATABASE-URL` is DATABASE_URL. A secret for one service only is prefixed with the
 * service's name and two dashes (`catalog--DATABASE-URL`) and wins over the shared one, so one vault
 * can serve the fleet. Names are compared without case (Key Vault's own rule).
 */
export function secretNameOf(setting: string, service?: string): string {
  const name = setting.replaceAll("_", "-");
  return service ? `${service}--${name}` : name;
}

/**
 * The settings this service knows, read from the vault at KEY_VAULT_URL: every enabled secret whose
 * name maps to one of `settings` (a secret of another service, or of no known setting, is left
 * alone). A setting given both by the environment and by the vault is refused, named, rather than
 * one silently winning; an environment value that is an unresolved App Service Key Vault reference
 * does not count (the vault's value replaces it).
 */
export async function readKeyVaultSettings(options: {
  store: SecretStore;
  service: string;
  settings: Iterable<string>;
  env: Record<string, string | undefined>;
}): Promise<Record<string, string>> {
  const bySecret = new Map<string, { setting: string; scoped: boolean }>();
  for (const setting of options.settings) {
    bySecret.set(secretNameOf(setting).toLowerCase(), { setting, scoped: false });
    bySecret.set(secretNameOf(setting, options.service).toLowerCase(), { setting, scoped: true });
  }
  const wanted = new Map<string, { secret: string; scoped: boolean }>();
  for await (const secret of options.store.listPropertiesOfSecrets()) {
    if (secret.enabled === false) continue;
    const match = bySecret.get(secret.name.toLowerCase());
    if (!match) continue;
    const chosen = wanted.get(match.setting);
    if (!chosen || (match.scoped && !chosen.scoped)) {
      wanted.set(match.setting, { secret: secret.name, scoped: match.scoped });
    }
  }
  const problems: string[] = [];
  const values: Record<string, string> = {};
  await Promise.all(
    [...wanted].map(async ([setting, { secret }]) => {
      const fromEnv = options.env[setting];
      if (fromEnv && !isKeyVaultReference(fromEnv)) {
        problems.push(
          `${setting} is set both in the environment and in Key Vault (secret ${secret}): keep one`,
        );
        return;
      }
      const { value } = await options.store.getSecret(secret);
      if (value === undefined || value === "")
        problems.push(`${setting}: Key Vault secret ${secret} is empty`);
      else values[setting] = value;
    }),
  );
  if (problems.length > 0) throw new ConfigError(problems.sort());
  return values;
}
