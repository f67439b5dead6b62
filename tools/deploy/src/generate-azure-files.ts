// `pnpm --filter @ecommerce/deploy generate:azure`: writes the files Bicep and compose read, from the
// topology and the services' own descriptions. Run it after changing either; a test fails until then.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expectedFiles } from "./azure-files.ts";
import { describeServices, repositoryRoot } from "./services.ts";

for (const [path, content] of Object.entries(expectedFiles(await describeServices()))) {
  mkdirSync(dirname(join(repositoryRoot, path)), { recursive: true });
  writeFileSync(join(repositoryRoot, path), content);
  console.log(`wrote ${path}`);
}
