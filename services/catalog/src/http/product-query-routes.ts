import {
  anonymous,
  type Mediator,
  notModified,
  Roles,
  requires,
  type ServiceApp,
} from "@ecommerce/service-kit";
import { GetProduct } from "../application/queries/get-product.ts";
import { GetStockLevel } from "../application/queries/get-stock-level.ts";
import { ListProducts } from "../application/queries/list-products.ts";
import { productEtag, stockEtag } from "./etag.ts";
import {
  ListProductsQuery,
  Problem,
  ProductIdParams,
  ProductPage,
  ProductResponse,
  StockLevelResponse,
} from "./schemas.ts";

/** Queries: GETs answered from the product_view read model, through the cache. */
export async function productQueryRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  app.get(
    "/products/:id",
    {
      config: { auth: anonymous() },
      schema: {
        summary: "Get a product, with its category path and available stock",
        tags: ["products"],
        params: ProductIdParams,
        response: { 200: ProductResponse, 304: { type: "null" }, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const entry = await mediator.ask(new GetProduct(request.params.id));
      const etag = productEtag(entry.productVersion, entry.stockVersion);
      reply.header("etag", etag);
      if (notModified(request.headers["if-none-match"], etag)) return reply.code(304).send(null);
      return entry.product;
    },
  );

  app.get(
    "/products",
    {
      config: { auth: anonymous() },
      schema: {
        summary: "List products by name: in a category (and its subcategories), or matching a text",
        tags: ["products"],
        querystring: ListProductsQuery,
        response: { 200: ProductPage, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const { categoryId, includeDiscontinued, cursor, limit } = request.query;
      const q = request.query.q?.trim() || undefined;
      return mediator.ask(new ListProducts({ categoryId, q, includeDiscontinued, cursor, limit }));
    },
  );

  app.get(
    "/products/:id/stock",
    {
      config: { auth: requires(Roles.CATALOG_READ) },
      schema: {
        summary: "The product's stock: on hand, reserved for orders, available",
        tags: ["inventory"],
        params: ProductIdParams,
        response: { 200: StockLevelResponse, 304: { type: "null" }, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const level = await mediator.ask(new GetStockLevel(request.params.id));
      const etag = stockEtag(level.stockVersion);
      reply.header("etag", etag);
      if (notModified(request.headers["if-none-match"], etag)) return reply.code(304).send(null);
      return level.stock;
    },
  );
}
