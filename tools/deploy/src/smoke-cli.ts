// `pnpm --filter @ecommerce/deploy smoke <base url> [path]`: exits 1 unless the service is ready and
// answers one real request (the pipeline runs it against each staging slot before the swap).
// SMOKE_TOKEN: a bearer token the request is sent with (a staff token of the API's issuer).
import { smokeCheck } from "./smoke.ts";

const [baseUrl, path] = process.argv.slice(2);
if (!baseUrl) {
  console.error("usage: smoke <base url> [path]   e.g. smoke https://app-ordering-staging.azurewebsites.net");
  process.exit(2);
}
try {
  const token = process.env.SMOKE_TOKEN?.trim() || undefined;
  const result = await smokeCheck(baseUrl, {
    ...(path ? { path } : {}),
    ...(token ? { token } : {}),
    log: (line) => console.log(line),
  });
  console.log(`${baseUrl}: ready ${JSON.stringify(result.ready)}; GET ${result.request.path} → 200`);
} catch (error) {
  console.error(`${baseUrl}: smoke check failed: ${(error as Error).message}`);
  process.exit(1);
}
