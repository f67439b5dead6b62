import { commandResponses, type Mediator, Roles, requires, type ServiceApp } from "@ecommerce/service-kit";
import { AdjustStock } from "../application/commands/adjust-stock.ts";
import { ChangeProductPrice } from "../application/commands/change-product-price.ts";
import { CreateProduct } from "../application/commands/create-product.ts";
import { DiscontinueProduct } from "../application/commands/discontinue-product.ts";
import { GetProduct } from "../application/queries/get-product.ts";
import { GetStockLevel } from "../application/queries/get-stock-level.ts";
import { productEtag, stockEtag, versionFromIfMatch } from "./etag.ts";
import {
  AdjustStockRequest,
  ChangePriceRequest,
  CreateHeaders,
  CreateProductRequest,
  Problem,
  ProductCommandHeaders,
  ProductIdParams,
  ProductResponse,
  StockCommandHeaders,
  StockLevelResponse,
} from "./schemas.ts";

const errors = { 400: Problem, 404: Problem, 409: Problem, 412: Problem, 422: Problem };

/** Commands: POSTs named by intent. Each answers with the resource as it now stands, and its ETag. */
export async function productCommandRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  const products = commandResponses({
    read: (id) => mediator.ask(new GetProduct(id)),
    etag: (entry) => productEtag(entry.productVersion, entry.stockVersion),
    expectedVersion: (ifMatch) => versionFromIfMatch(ifMatch, "product"),
  });
  const stock = commandResponses({
    read: (id) => mediator.ask(new GetStockLevel(id)),
    etag: (level) => stockEtag(level.stockVersion),
    expectedVersion: (ifMatch) => versionFromIfMatch(ifMatch, "stock"),
  });

  app.post(
    "/products",
    {
      config: { auth: requires(Roles.CATALOG_WRITE) },
      schema: {
        summary: "Create a product (Active) with its initial stock",
        tags: ["products"],
        headers: CreateHeaders,
        body: CreateProductRequest,
        response: { 201: ProductResponse, ...errors },
      },
    },
    async (request, reply) => {
      const created = await products.created(
        reply,
        () => mediator.send(new CreateProduct(request.body)),
        (id) => `/products/${id}`,
      );
      return created.product;
    },
  );

  app.post(
    "/products/:id/price",
    {
      config: { auth: requires(Roles.CATALOG_WRITE) },
      schema: {
        summary: "Change the price of an Active product (same currency)",
        tags: ["products"],
        params: ProductIdParams,
        headers: ProductCommandHeaders,
        body: ChangePriceRequest,
        response: { 200: ProductResponse, ...errors },
      },
    },
    async (request, reply) => {
      const changed = await products.changed(request, reply, request.params.id, (expected) =>
        mediator.send(new ChangeProductPrice(request.params.id, request.body.price, expected)),
      );
      return changed.product;
    },
  );

  app.post(
    "/products/:id/discontinue",
    {
      config: { auth: requires(Roles.CATALOG_WRITE) },
      schema: {
        summary: "Discontinue a product: it can no longer be ordered (final)",
        tags: ["products"],
        params: ProductIdParams,
        headers: ProductCommandHeaders,
        response: { 200: ProductResponse, ...errors },
      },
    },
    async (request, reply) => {
      const changed = await products.changed(request, reply, request.params.id, (expected) =>
        mediator.send(new DiscontinueProduct(request.params.id, expected)),
      );
      return changed.product;
    },
  );

  app.post(
    "/products/:id/stock",
    {
      config: { auth: requires(Roles.CATALOG_WRITE) },
      schema: {
        summary: "Restock (delta > 0) or correct (delta < 0) the units on hand, with a reason",
        tags: ["inventory"],
        params: ProductIdParams,
        headers: StockCommandHeaders,
        body: AdjustStockRequest,
        response: { 200: StockLevelResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { delta, reason } = request.body;
      const level = await stock.changed(request, reply, request.params.id, (expected) =>
        mediator.send(new AdjustStock(request.params.id, delta, reason, expected)),
      );
      return level.stock;
    },
  );
}
