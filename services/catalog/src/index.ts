export { buildCatalogApp, type CatalogApp, type CatalogDependencies, type CatalogRuntime } from "./app.ts";
