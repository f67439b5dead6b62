import { AggregateRoot, boundedText, DomainError } from "@ecommerce/domain-kernel";
import { CatalogErrors } from "./errors.ts";
import { CategoryCreated } from "./events.ts";

export const MAX_CATEGORY_DEPTH = 5;
export const MAX_CATEGORY_NAME_LENGTH = 100;

/** One step of a category's path from the root. */
export interface CategoryPathEntry {
  id: string;
  name: string;
}

export interface CategorySnapshot {
  id: string;
  parentId: string | null;
  name: string;
  path: CategoryPathEntry[];
  createdAt: Date;
}

/**
 * A node of the category tree (Electronics > Phones > Smartphones). A category is created under an
 * existing parent, or as a root; the tree is at most MAX_CATEGORY_DEPTH levels deep. Its path from
 * the root is fixed when it is created. Sibling names are unique whatever their case (the database
 * enforces it, since it spans categories).
 */
export class Category extends AggregateRoot {
  readonly #parentId: string | null;
  readonly #name: string;
  readonly #path: readonly CategoryPathEntry[];
  readonly #createdAt: Date;

  private constructor(snapshot: CategorySnapshot, version: number) {
    super(snapshot.id, version);
    this.#parentId = snapshot.parentId;
    this.#name = snapshot.name;
    this.#path = snapshot.path;
    this.#createdAt = snapshot.createdAt;
  }

  static create(id: string, name: string, parent: Category | undefined, now = new Date()): Category {
    const trimmed = boundedText(
      name,
      { max: MAX_CATEGORY_NAME_LENGTH },
      CatalogErrors.CATEGORY_INVALID_NAME,
      "a category name",
    );
    if (parent && parent.depth >= MAX_CATEGORY_DEPTH) {
      throw new DomainError(
        CatalogErrors.CATEGORY_TOO_DEEP,
        `categories nest at most ${MAX_CATEGORY_DEPTH} levels; ${parent.name} is already at level ${parent.depth}`,
      );
    }
    const path = [...(parent?.path ?? []), { id, name: trimmed }];
    const category = new Category(
      { id, parentId: parent?.id ?? null, name: trimmed, path, createdAt: now },
      0,
    );
    category.raise(new CategoryCreated(id, trimmed, parent?.id ?? null));
    return category;
  }

  static restore(snapshot: CategorySnapshot, version: number): Category {
    return new Category(snapshot, version);
  }

  get parentId(): string | null {
    return this.#parentId;
  }

  get name(): string {
    return this.#name;
  }

  /** From the root down to this category itself. */
  get path(): readonly CategoryPathEntry[] {
    return this.#path;
  }

  /** 1 for a root category. */
  get depth(): number {
    return this.#path.length;
  }

  get createdAt(): Date {
    return this.#createdAt;
  }
}
