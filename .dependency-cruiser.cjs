// The layer rules of docs/architecture.md, checked by `pnpm lint` rather than by hope.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "A service's domain/ imports only the domain kernel and itself.",
      severity: "error",
      from: { path: "^services/[^/]+/src/domain/" },
      to: {
        pathNot: ["^services/[^/]+/src/domain/", "^packages/domain-kernel/"],
      },
    },
    {
      name: "domain-no-libraries",
      comment: "Domain code never imports npm packages (Prisma, Fastify, ...) except the kernel.",
      severity: "error",
      from: { path: "^(services/[^/]+/src/domain/|packages/domain-kernel/src/)" },
      to: { dependencyTypes: ["npm", "npm-dev"], pathNot: ["uuid"] },
    },
    {
      name: "application-not-on-infrastructure",
      comment: "Use cases depend on ports, not on plumbing or the HTTP layer.",
      severity: "error",
      from: { path: "^services/[^/]+/src/application/" },
      to: { path: "^services/[^/]+/src/(infrastructure|http)/" },
    },
    {
      name: "http-not-on-infrastructure",
      comment: "Routes talk to the mediator; repositories, read models and caches are wired in app.ts.",
      severity: "error",
      from: { path: "^services/[^/]+/src/http/" },
      to: { path: "^services/[^/]+/src/infrastructure/" },
    },
    {
      name: "mediator-not-on-http",
      comment: "Commands and queries also arrive from events and scripts: the mediator knows no HTTP.",
      severity: "error",
      from: { path: "^packages/service-kit/src/mediator/" },
      to: { path: "^packages/service-kit/src/http/" },
    },
    {
      name: "no-service-to-service",
      comment: "Services share only workspace packages, never each other's code.",
      severity: "error",
      from: { path: "^services/([^/]+)/" },
      to: { path: "^services/", pathNot: "^services/$1/" },
    },
    {
      name: "packages-never-import-services",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^services/" },
    },
    {
      name: "kernel-is-pure",
      comment: "The domain kernel has no I/O and no framework.",
      severity: "error",
      from: { path: "^packages/domain-kernel/src/" },
      to: { path: "^packages/(?!domain-kernel/)" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true, dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(src/generated|/dist/|\\.tools)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
