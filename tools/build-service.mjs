#!/usr/bin/env node
// `pnpm build` in a service: the App Service artifact, as a folder (dist/) and a zip (<name>.zip).
// It starts with `node main.mjs` from the unpacked zip, with no pnpm, no install and no symlinks
// (pnpm's symlinked node_modules break zip deploys):
//   main.mjs (+ .map)    one ESM bundle: the service, the workspace packages and npm dependencies
//   migrations/          every migration folder of its database, read at start (--migrate-only too)
//   node_modules/<pkg>/  only what cannot be inlined: packages loaded lazily by name at run time
//                        (bundled there, one file each) and files packages read beside their code
//   package.json         `npm start` for hosts that start an app that way
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import yazl from "yazl";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cwd = process.cwd();
const name = cwd.split(sep).at(-1);
const dist = join(cwd, "dist");
const zipFile = join(cwd, `${name}.zip`);
rmSync(dist, { recursive: true, force: true });
rmSync(zipFile, { force: true });
mkdirSync(dist, { recursive: true });

// Required by name through createRequire (messaging's Azure transport keeps the SDKs, which take over
// a second to load, out of processes that do not use them). esbuild does not follow such requires, so
// each is bundled on its own into node_modules/<pkg>/index.cjs, where that require finds it.
const lazyPackages = [
  { resolveFrom: "packages/messaging", packages: ["@azure/service-bus", "@azure/identity"] },
];

// Packages that read files beside their own code (path.join(__dirname, ...)): those folders ship
// under node_modules/<pkg>/, and __dirname in the package's modules points at that copy.
const packageFiles = { "@fastify/swagger-ui": ["static"] };

// Packages OpenTelemetry instruments by patching them as they are required (service-kit's telemetry):
// a module inlined in the bundle is never required by name, so these stay outside it and ship as
// their real files (package.json with its version, which the instrumentations check, and the files
// they patch), with their dependencies, under node_modules/.
const instrumentedPackages = [{ resolveFrom: "packages/service-kit", packages: ["pg", "redis"] }];

const external = [
  // pg's optional native binding and optional peers of the Azure SDKs are not used.
  "pg-native",
  "@azure/functions-core",
  ...instrumentedPackages.flatMap(({ packages }) => packages),
  // What those load by name (pg-pool and the rest through pg, @redis/client through redis).
  "pg-pool",
  "@redis/*",
];

/** `var __dirname = <its place in the artifact>` for each module of a package in packageFiles. */
const packageFilesPlugin = {
  name: "package-files",
  setup(builder) {
    const copied = new Set();
    for (const [pkg, folders] of Object.entries(packageFiles)) {
      const marker = `${sep}node_modules${sep}${pkg.split("/").join(sep)}${sep}`;
      const filter = new RegExp(`${marker.replace(/[\\/.+]/g, (c) => `\\${c}`)}.*\\.c?js$`);
      builder.onLoad({ filter }, (args) => {
        const at = args.path.lastIndexOf(marker);
        const packageRoot = args.path.slice(0, at + marker.length - 1);
        if (!copied.has(pkg)) {
          copied.add(pkg);
          for (const folder of folders)
            cpSync(join(packageRoot, folder), join(dist, "node_modules", pkg, folder), { recursive: true });
        }
        const here = relative(packageRoot, dirname(args.path)).split(sep).filter(Boolean);
        const place = JSON.stringify(["node_modules", ...pkg.split("/"), ...here]);
        const source = readFileSync(args.path, "utf8");
        // On the first line, so the source map's lines stay as they were; a strict module stays strict.
        const strict = /^\s*["']use strict["']/.test(source) ? '"use strict";' : "";
        const dirnameLine = `${strict}var __dirname = require("node:path").join(__artifactDir, ...${place});`;
        return { contents: dirnameLine + source, loader: "js" };
      });
    }
  },
};

await build({
  // One entry: `node main.mjs --migrate-only` migrates (service-kit's runner).
  entryPoints: [join(cwd, "src/main.ts")],
  outdir: dist,
  outExtension: { ".js": ".mjs" },
  // main.mjs keeps only the process entry and telemetry; the service (`import("./service.ts")`) is a
  // chunk of its own, so that its imports of pg and redis load after telemetry started (in one file,
  // every import of an external package would run first, before anything could patch it).
  splitting: true,
  // Beside main.mjs: each file reckons the artifact folder from its own place (__artifactDir).
  chunkNames: "[name]-[hash]",
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  sourcemap: true,
  logLevel: "warning",
  external,
  plugins: [packageFilesPlugin],
  banner: {
    // Stack traces name the TypeScript sources whether or not the host passes --enable-source-maps.
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { dirname as __pathDirname } from 'node:path';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      "const require = __createRequire(import.meta.url);",
      "const __artifactDir = __pathDirname(__fileURLToPath(import.meta.url));",
      "process.setSourceMapsEnabled(true);",
    ].join(" "),
  },
});

for (const { resolveFrom, packages } of lazyPackages) {
  for (const pkg of packages) {
    const out = join(dist, "node_modules", pkg);
    await build({
      stdin: {
        contents: `module.exports = require(${JSON.stringify(pkg)});`,
        resolveDir: join(root, resolveFrom),
      },
      outfile: join(out, "index.cjs"),
      bundle: true,
      platform: "node",
      target: "node24",
      format: "cjs",
      sourcemap: true,
      logLevel: "error",
      external,
    });
    writeFileSync(
      join(out, "package.json"),
      `${JSON.stringify({ name: pkg, main: "index.cjs" }, null, 2)}\n`,
    );
  }
}

/** Copies a package's own folder and, recursively, its dependencies' into dist/node_modules/. */
function shipPackage(pkg, fromDir, shipped) {
  if (shipped.has(pkg)) return;
  shipped.add(pkg);
  const require = createRequire(join(fromDir, "package.json"));
  let manifestFile;
  try {
    manifestFile = require.resolve(`${pkg}/package.json`);
  } catch {
    // A package that does not export its package.json: walk up from its entry point.
    let dir = dirname(require.resolve(pkg));
    while (
      !existsSync(join(dir, "package.json")) ||
      JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name !== pkg
    )
      dir = dirname(dir);
    manifestFile = join(dir, "package.json");
  }
  const packageDir = dirname(manifestFile);
  cpSync(packageDir, join(dist, "node_modules", pkg), { recursive: true, dereference: true });
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    shipPackage(dependency, packageDir, shipped);
  }
}

const shipped = new Set();
for (const { resolveFrom, packages } of instrumentedPackages)
  for (const pkg of packages) shipPackage(pkg, join(root, resolveFrom), shipped);

// A service with a database migrates it at start: its own migrations and the tables every service keeps
// (idempotency keys from service-kit, the outbox and inbox from messaging), in one folder.
if (existsSync(join(cwd, "prisma/migrations"))) {
  const sources = [
    join(cwd, "prisma/migrations"),
    join(root, "packages/service-kit/migrations"),
    join(root, "packages/messaging/migrations"),
  ];
  for (const source of sources) {
    if (!existsSync(source)) continue;
    for (const entry of readdirSync(source))
      cpSync(join(source, entry), join(dist, "migrations", entry), { recursive: true });
  }
}

const manifest = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
const nodeRange = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).engines.node;
writeFileSync(
  join(dist, "package.json"),
  `${JSON.stringify(
    {
      name: manifest.name,
      version: manifest.version,
      private: true,
      engines: { node: nodeRange },
      scripts: { start: "node --enable-source-maps main.mjs", migrate: "node main.mjs --migrate-only" },
    },
    null,
    2,
  )}\n`,
);

// The zip holds dist/'s content at its root (App Service unpacks it into wwwroot).
const zip = new yazl.ZipFile();
const addFolder = (folder) => {
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) addFolder(path);
    else zip.addFile(path, relative(dist, path).split(sep).join("/"));
  }
};
addFolder(dist);
zip.end();
await new Promise((resolve, reject) => {
  zip.outputStream.pipe(createWriteStream(zipFile)).on("close", resolve).on("error", reject);
});
console.log(`built ${relative(root, dist)}/ and ${relative(root, zipFile)}`);
