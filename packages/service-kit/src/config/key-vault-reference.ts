/**
 * App Service replaces an app setting `@Microsoft.KeyVault(SecretUri=...)` with the secret's value;
 * when it cannot (no access, wrong name), the process gets the literal reference instead.
 */
const REFERENCE = /^\s*@Microsoft\.KeyVault\(/i;

export function isKeyVaultReference(value: string | undefined): boolean {
  return value !== undefined && REFERENCE.test(value);
}

/**
 * One problem per setting whose value is an unresolved reference, named by the setting: the
 * literal is never used as a value (it would end up as a password or a host name).
 */
export function keyVaultReferenceProblems(
  env: Record<string, string | undefined>,
  names: Iterable<string>,
): string[] {
  const problems: string[] = [];
  for (const name of names) {
    if (!isKeyVaultReference(env[name])) continue;
    problems.push(
      `${name} is an unresolved Key Vault reference: App Service could not read the secret (check that the app's managed identity has the Key Vault Secrets User role on the vault and that the reference names an existing, enabled secret)`,
    );
  }
  return problems;
}
