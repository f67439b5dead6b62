// `pnpm --filter @ecommerce/deploy smoke <base url> [path]`: exits 1 unless the service is ready and
// answers one real request (the pipeline runs it against each staging slot before the swap).
import { smokeCheck } from "./smoke.ts";

const [baseUrl, path] = process.argv.slice(2);
if (!baseUrl) {
  console.error("usage: smoke <base url> [path]   e.g. smoke https://app-ordering-staging.azurewebsites.net");
  process.exit(2);
}
try {
  const result = await smokeCheck(baseUrl, { ...(path ? { path } : {}), log: (line) => console.log(line) });
  console.log(`${baseUrl}: ready ${JSON.stringify(result.ready)}; GET ${result.request.path} → 200`);
} catch (error) {
  console.error(`${baseUrl}: smoke check failed: ${(error as Error).message}`);
  process.exit(1);
}
