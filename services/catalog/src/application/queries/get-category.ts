import { type MessageHandler, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../field-schemas.ts";
import { categoryNotFound } from "./list-products.ts";
import type { CategoryDto, CategoryReadModel } from "./product-dto.ts";

export class GetCategory extends Query<CategoryDto> {
  static readonly schema = Type.Object({ categoryId: Uuid }, { additionalProperties: false });

  constructor(readonly categoryId: string) {
    super();
  }
}

export class GetCategoryHandler implements MessageHandler<GetCategory> {
  constructor(private readonly readModel: CategoryReadModel) {}

  async handle(query: GetCategory): Promise<CategoryDto> {
    const category = await this.readModel.get(query.categoryId);
    if (!category) throw categoryNotFound(query.categoryId);
    return category;
  }
}
