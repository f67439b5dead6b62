import type { Mediator, ServiceApp } from "@ecommerce/service-kit";
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
  CommandHeaders,
  CreateProductRequest,
  Problem,
  ProductIdParams,
  ProductResponse,
  StockLevelResponse,
} from "./schemas.ts";

const errors = { 400: Problem, 404: Problem, 409: Problem, 412: Problem, 422: Problem };

/** Commands: POSTs named by intent. Each answers with the resource as it now stands, and its ETag. */
export async function productCommandRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  const product = async (id: string) => {
    const entry = await mediator.ask(new GetProduct(id));
    return { body: entry.product, etag: productEtag(entry.productVersion, entry.stockVersion) };
  };

  app.post(
    "/products",
    {
      schema: {
        summary: "Create a product (Active) with its initial stock",
        tags: ["products"],
        headers: CommandHeaders,
        body: CreateProductRequest,
        response: { 201: ProductResponse, ...errors },
      },
    },
    async (request, reply) => {
      const id = await mediator.send(new CreateProduct(request.body));
      const created = await product(id);
      return reply
        .code(201)
        .header("location", `/products/${id}`)
        .header("etag", created.etag)
        .send(created.body);
    },
  );

  app.post(
    "/products/:id/price",
    {
      schema: {
        summary: "Change the price of an Active product (same currency)",
        tags: ["products"],
        params: ProductIdParams,
        headers: CommandHeaders,
        body: ChangePriceRequest,
        response: { 200: ProductResponse, ...errors },
      },
    },
    async (request, reply) => {
      const expected = versionFromIfMatch(request.headers["if-match"], "product");
      await mediator.send(new ChangeProductPrice(request.params.id, request.body.price, expected));
      const changed = await product(request.params.id);
      return reply.header("etag", changed.etag).send(changed.body);
    },
  );

  app.post(
    "/products/:id/discontinue",
    {
      schema: {
        summary: "Discontinue a product: it can no longer be ordered (final)",
        tags: ["products"],
        params: ProductIdParams,
        headers: CommandHeaders,
        response: { 200: ProductResponse, ...errors },
      },
    },
    async (request, reply) => {
      const expected = versionFromIfMatch(request.headers["if-match"], "product");
      await mediator.send(new DiscontinueProduct(request.params.id, expected));
      const changed = await product(request.params.id);
      return reply.header("etag", changed.etag).send(changed.body);
    },
  );

  app.post(
    "/products/:id/stock",
    {
      schema: {
        summary: "Restock (delta > 0) or correct (delta < 0) the units on hand, with a reason",
        tags: ["inventory"],
        params: ProductIdParams,
        headers: CommandHeaders,
        body: AdjustStockRequest,
        response: { 200: StockLevelResponse, ...errors },
      },
    },
    async (request, reply) => {
      const expected = versionFromIfMatch(request.headers["if-match"], "stock");
      const { delta, reason } = request.body;
      await mediator.send(new AdjustStock(request.params.id, delta, reason, expected));
      const level = await mediator.ask(new GetStockLevel(request.params.id));
      return reply.header("etag", stockEtag(level.stockVersion)).send(level.stock);
    },
  );
}
