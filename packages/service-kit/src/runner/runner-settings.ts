import type { TokenCredential } from "@azure/identity";
import type { TProperties } from "typebox";
import { keyVaultReferenceProblems } from "../config/key-vault-reference.ts";
import {
  keyVaultSecretStore,
  readKeyVaultSettings,
  type SecretStoreFactory,
} from "../config/key-vault-settings.ts";
import { ConfigError } from "../config/load-config.ts";
import { entraTokenPassword, type PasswordFunction } from "../database/entra-password.ts";
import { createAzureCredential } from "../identity/azure-credential.ts";
import { configuredSecrets, SecretRedactor } from "../logging/secret-redactor.ts";
import { BUS_VARIABLES } from "./bus-plan.ts";
import { loadRunnerConfig, type RunnerConfig, runnerConfigSchema } from "./runner-config.ts";

/** The Azure SDK edge of the runner: a test passes fakes, a process gets the real SDK. */
export interface AzureEdge {
  /** The process's credential (default: createAzureCredential, from NODE_ENV and AZURE_CLIENT_ID). */
  credential?: TokenCredential;
  /** Key Vault's secret client (default: `@azure/keyvault-secrets`' SecretClient). */
  secretStore?: SecretStoreFactory;
}

export interface RunnerSettings<Own extends TProperties> {
  config: RunnerConfig<Own>;
  /** The environment with the vault's values in: what the bus configuration is read from. */
  env: NodeJS.ProcessEnv;
  /** Every secret known so far, and each Entra token fetched later: blanked in logs and errors. */
  redactor: SecretRedactor;
  /** DATABASE_AUTH=entra: the password function of every PostgreSQL connection. */
  databasePassword: PasswordFunction | undefined;
  /** REDIS_AUTH=entra: the credential of the cache's Redis client. */
  redisCredential: TokenCredential | undefined;
}

function hasPassword(url: string | undefined): boolean {
  try {
    return url !== undefined && new URL(url).password !== "";
  } catch {
    return false;
  }
}

/** Combinations the schema cannot express, each named. */
function identityProblems(config: RunnerConfig, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (config.DATABASE_AUTH === "entra") {
    for (const name of ["DATABASE_URL", "BUS_DATABASE_URL"]) {
      if (hasPassword(env[name])) {
        problems.push(
          `${name} carries a password while DATABASE_AUTH=entra: remove it (the token is the password)`,
        );
      }
    }
  }
  if (config.REDIS_AUTH === "entra") {
    if (!config.REDIS_URL) problems.push("REDIS_AUTH=entra needs REDIS_URL");
    else if (!config.REDIS_URL.startsWith("rediss://")) {
      problems.push(
        "REDIS_URL must be rediss:// (TLS) with REDIS_AUTH=entra: a token is never sent in the clear",
      );
    } else if (hasPassword(config.REDIS_URL)) {
      problems.push("REDIS_URL carries a password while REDIS_AUTH=entra: remove it");
    }
  }
  return problems;
}

/**
 * The runner's settings: the secrets of Key Vault (KEY_VAULT_URL) merged into the environment,
 * everything validated together (every problem named, no value shown), and the one Azure
 * credential built when something needs it (the vault, DATABASE_AUTH=entra, REDIS_AUTH=entra).
 */
export async function loadRunnerSettings<Own extends TProperties>(
  spec: { name: string; port: number; config?: Own | undefined },
  env: NodeJS.ProcessEnv,
  azure: AzureEdge = {},
  options: { database: boolean } = { database: true },
): Promise<RunnerSettings<Own>> {
  const own = spec.config ?? ({} as Own);
  const redactor = new SecretRedactor(configuredSecrets(env));
  let credential: Promise<TokenCredential> | undefined;
  const credentialOnce = () => {
    credential ??= azure.credential
      ? Promise.resolve(azure.credential)
      : createAzureCredential({
          production: env.NODE_ENV === "production",
          managedIdentityClientId: env.AZURE_CLIENT_ID,
        });
    return credential;
  };

  let resolved = env;
  const vaultUrl = env.KEY_VAULT_URL?.trim();
  if (vaultUrl) {
    if (!/^https:\/\/[^/]+/.test(vaultUrl)) {
      throw new ConfigError([
        `KEY_VAULT_URL=${JSON.stringify(vaultUrl)} is invalid: must be https://<vault>.vault.azure.net`,
      ]);
    }
    const store = await (azure.secretStore ?? keyVaultSecretStore)(vaultUrl, await credentialOnce());
    const settings = [...Object.keys(runnerConfigSchema(spec.port)), ...Object.keys(own), ...BUS_VARIABLES];
    let fromVault: Record<string, string>;
    try {
      fromVault = await readKeyVaultSettings({ store, service: spec.name, settings, env });
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new Error(
        `reading the secrets of KEY_VAULT_URL failed: ${redactor.redact((error as Error).message)}`,
        {
          cause: error,
        },
      );
    }
    for (const [name, value] of Object.entries(fromVault))
      redactor.add(value, ...configuredSecrets({ [name]: value }));
    resolved = { ...env, ...fromVault };
  }

  const busReferences = keyVaultReferenceProblems(resolved, BUS_VARIABLES);
  let config: RunnerConfig<Own>;
  try {
    config = loadRunnerConfig(spec.port, own, resolved, options);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError([...error.problems, ...busReferences]);
    throw error;
  }
  const problems = [...busReferences, ...identityProblems(config, resolved)];
  if (problems.length > 0) throw new ConfigError(problems);

  const databasePassword =
    config.DATABASE_AUTH === "entra"
      ? entraTokenPassword(await credentialOnce(), { onToken: (token) => redactor.add(token) })
      : undefined;
  const redisCredential = config.REDIS_AUTH === "entra" ? await credentialOnce() : undefined;
  return { config, env: resolved, redactor, databasePassword, redisCredential };
}
