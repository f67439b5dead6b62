import { type MessageHandler, type Page, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../field-schemas.ts";
import { categoryNotFound } from "./list-products.ts";
import { Cursor, PageSize } from "./paging.ts";
import type { CategoryDto, CategoryReadModel } from "./product-dto.ts";

/** The children of a category (or the root categories), by name. */
export class ListCategories extends Query<Page<CategoryDto>> {
  static readonly schema = Type.Object(
    { parentId: Type.Optional(Uuid), cursor: Type.Optional(Cursor), limit: PageSize() },
    { additionalProperties: false },
  );

  constructor(
    readonly parentId: string | undefined,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

export class ListCategoriesHandler implements MessageHandler<ListCategories> {
  constructor(private readonly readModel: CategoryReadModel) {}

  async handle(query: ListCategories): Promise<Page<CategoryDto>> {
    const page = await this.readModel.listChildren(query.parentId, query.cursor, query.limit);
    if (!page) throw categoryNotFound(query.parentId ?? "");
    return page;
  }
}
