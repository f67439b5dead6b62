import { DomainError } from "@ecommerce/domain-kernel";
import { type MessageHandler, type Page, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { CatalogErrors } from "../../domain/errors.ts";
import { Line, Uuid } from "../field-schemas.ts";
import { Cursor, MAX_SEARCH_LENGTH, PageSize } from "./paging.ts";
import type { ProductDto, ProductListFilter, ProductReadModel } from "./product-dto.ts";

/** A page of products by name, optionally within a category (and its subcategories) or matching a text. */
export class ListProducts extends Query<Page<ProductDto>> {
  static readonly schema = Type.Object(
    {
      filter: Type.Object(
        {
          categoryId: Type.Optional(Uuid),
          q: Type.Optional(Line(MAX_SEARCH_LENGTH)),
          includeDiscontinued: Type.Boolean(),
          cursor: Type.Optional(Cursor),
          limit: PageSize(),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  );

  constructor(readonly filter: ProductListFilter) {
    super();
  }
}

export class ListProductsHandler implements MessageHandler<ListProducts> {
  constructor(private readonly readModel: ProductReadModel) {}

  async handle({ filter }: ListProducts): Promise<Page<ProductDto>> {
    const page = await this.readModel.list(filter);
    if (!page) throw categoryNotFound(filter.categoryId ?? "");
    return page;
  }
}

export function categoryNotFound(categoryId: string): DomainError {
  return new DomainError(
    CatalogErrors.CATEGORY_NOT_FOUND,
    `category ${categoryId} does not exist`,
    "not-found",
  );
}
