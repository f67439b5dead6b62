import type { TokenCredential } from "@azure/identity";

export interface AzureCredentialOptions {
  /** Production uses the App Service's managed identity only; elsewhere the developer's sign-in works too. */
  production: boolean;
  /** AZURE_CLIENT_ID: the client id of a user-assigned managed identity (none: the system-assigned one). */
  managedIdentityClientId?: string | undefined;
}

/**
 * The one credential of a process, for everything Azure it reaches (Key Vault, PostgreSQL, Redis):
 * `ManagedIdentityCredential` in production (no probing of developer tools on a server, and no
 * surprise identity), `DefaultAzureCredential` elsewhere (Azure CLI, VS Code, environment variables).
 * The SDK takes over a second to load, so only a process that needs a credential loads it.
 */
export async function createAzureCredential(options: AzureCredentialOptions): Promise<TokenCredential> {
  const identity = await import("@azure/identity");
  const clientId = options.managedIdentityClientId;
  if (options.production) {
    return clientId
      ? new identity.ManagedIdentityCredential({ clientId })
      : new identity.ManagedIdentityCredential();
  }
  return new identity.DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {});
}
