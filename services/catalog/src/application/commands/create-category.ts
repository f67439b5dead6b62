import { DomainError, newId } from "@ecommerce/domain-kernel";
import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Category, MAX_CATEGORY_NAME_LENGTH } from "../../domain/category.ts";
import { CatalogErrors } from "../../domain/errors.ts";
import { Line, Uuid } from "../field-schemas.ts";
import type { CategoryRepository } from "../ports.ts";

export class CreateCategory extends Command<string> {
  /** A catalogue name is no one's personal data: the audit trail keeps it. */
  static readonly auditKeeps = ["name"];

  static readonly schema = Type.Object(
    { name: Line(MAX_CATEGORY_NAME_LENGTH), parentId: Type.Optional(Uuid) },
    { additionalProperties: false },
  );

  constructor(
    readonly name: string,
    readonly parentId: string | undefined,
  ) {
    super();
  }
}

export class CreateCategoryHandler implements MessageHandler<CreateCategory> {
  constructor(private readonly categories: CategoryRepository) {}

  async handle(command: CreateCategory): Promise<string> {
    let parent: Category | undefined;
    if (command.parentId !== undefined) {
      parent = await this.categories.get(command.parentId);
      if (!parent) {
        throw new DomainError(
          CatalogErrors.CATEGORY_UNKNOWN_PARENT,
          `parent category ${command.parentId} does not exist`,
          "invalid",
          { parentId: command.parentId },
        );
      }
    }
    const category = Category.create(newId(), command.name, parent);
    await this.categories.add(category);
    return category.id;
  }
}
