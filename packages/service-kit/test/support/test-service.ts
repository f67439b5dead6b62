import { sendTokenByDefault, testIssuer } from "@ecommerce/test-support";
import {
  createService,
  createTokenVerifier,
  type ServiceApp,
  type ServiceOptions,
  type TokenVerifier,
} from "../../src/index.ts";

/** A verifier of test-support's issuer. */
export async function testAuth(): Promise<TokenVerifier> {
  return createTokenVerifier((await testIssuer()).verifierOptions);
}

/** An admin's token from the test issuer. */
export async function adminToken(): Promise<string> {
  return (await testIssuer()).tokenFor({ sub: "kit-test-admin", roles: ["admin"] });
}

/**
 * createService with the test issuer's verifier, whose `inject` sends an admin token unless a test
 * sets its own: the kit's tests of other concerns register routes without declarations, which are
 * admin-only.
 */
export async function createTestService(options: Omit<ServiceOptions, "auth">): Promise<ServiceApp> {
  const app = await createService({ ...options, auth: await testAuth() });
  sendTokenByDefault(app, await adminToken());
  return app;
}
