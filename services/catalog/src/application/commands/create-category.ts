import { DomainError, newId } from "@ecommerce/domain-kernel";
import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Category } from "../../domain/category.ts";
import type { CategoryRepository } from "../ports.ts";

export class CreateCategory extends Command<string> {
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
          "category.unknown_parent",
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
