import { AggregateRoot, boundedText, DomainError, type Money } from "@ecommerce/domain-kernel";
import { CatalogErrors } from "./errors.ts";
import { ProductCreated, ProductDiscontinued, ProductPriceChanged } from "./events.ts";
import { ProductStatus } from "./product-status.ts";

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 5_000;
export const MAX_ATTRIBUTES = 50;
export const ATTRIBUTE_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;
export const MAX_ATTRIBUTE_VALUE_LENGTH = 500;

export type Attributes = Readonly<Record<string, string>>;

export interface NewProduct {
  id: string;
  sku: string;
  name: string;
  description?: string | undefined;
  price: Money;
  categoryId: string;
  attributes?: Record<string, string> | undefined;
}

export interface ProductSnapshot {
  id: string;
  sku: string;
  name: string;
  description: string;
  price: Money;
  categoryId: string;
  status: ProductStatus;
  attributes: Attributes;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Something the shop sells: a unique SKU, a name, a price in one currency and a category. Its price
 * can change while it is Active; once Discontinued it can no longer be ordered or repriced. (Its
 * stock is a separate aggregate, StockItem, so that sales never conflict with catalogue edits.)
 */
export class Product extends AggregateRoot {
  readonly #sku: string;
  readonly #name: string;
  readonly #description: string;
  #price: Money;
  readonly #categoryId: string;
  #status: ProductStatus;
  readonly #attributes: Attributes;
  readonly #createdAt: Date;
  #updatedAt: Date;

  private constructor(snapshot: ProductSnapshot, version: number) {
    super(snapshot.id, version);
    this.#sku = snapshot.sku;
    this.#name = snapshot.name;
    this.#description = snapshot.description;
    this.#price = snapshot.price;
    this.#categoryId = snapshot.categoryId;
    this.#status = snapshot.status;
    this.#attributes = snapshot.attributes;
    this.#createdAt = snapshot.createdAt;
    this.#updatedAt = snapshot.updatedAt;
  }

  static create(input: NewProduct, now = new Date()): Product {
    if (!SKU_PATTERN.test(input.sku)) {
      throw new DomainError(
        CatalogErrors.PRODUCT_INVALID_SKU,
        "a SKU is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
      );
    }
    const name = boundedText(
      input.name,
      { max: MAX_NAME_LENGTH },
      CatalogErrors.PRODUCT_INVALID_NAME,
      "a product name",
    );
    const description = boundedText(
      input.description ?? "",
      { min: 0, max: MAX_DESCRIPTION_LENGTH, multiLine: true },
      CatalogErrors.PRODUCT_INVALID_DESCRIPTION,
      "a description",
    );
    Product.assertPrice(input.price);
    const product = new Product(
      {
        id: input.id,
        sku: input.sku,
        name,
        description,
        price: input.price,
        categoryId: input.categoryId,
        status: ProductStatus.Active,
        attributes: Product.checkedAttributes(input.attributes ?? {}),
        createdAt: now,
        updatedAt: now,
      },
      0,
    );
    product.raise(new ProductCreated(input.id, input.sku, name, input.price, input.categoryId));
    return product;
  }

  static restore(snapshot: ProductSnapshot, version: number): Product {
    return new Product(snapshot, version);
  }

  get sku(): string {
    return this.#sku;
  }
  get name(): string {
    return this.#name;
  }
  get description(): string {
    return this.#description;
  }
  get price(): Money {
    return this.#price;
  }
  get categoryId(): string {
    return this.#categoryId;
  }
  get status(): ProductStatus {
    return this.#status;
  }
  get attributes(): Attributes {
    return this.#attributes;
  }
  get createdAt(): Date {
    return this.#createdAt;
  }
  get updatedAt(): Date {
    return this.#updatedAt;
  }

  /**
   * New orders use the new price (confirmed orders keep theirs). The same price again changes
   * nothing and returns false; a price in another currency is refused (a product has one currency).
   */
  changePrice(price: Money, now = new Date()): boolean {
    if (this.#status === ProductStatus.Discontinued) {
      throw new DomainError(
        CatalogErrors.PRODUCT_DISCONTINUED,
        "a discontinued product cannot be repriced",
        "illegal-state",
      );
    }
    if (price.currency !== this.#price.currency) {
      throw new DomainError(
        CatalogErrors.PRODUCT_CURRENCY_MISMATCH,
        `the product is priced in ${this.#price.currency}; a price in ${price.currency} cannot replace it`,
      );
    }
    Product.assertPrice(price);
    if (price.equals(this.#price)) return false;
    const previous = this.#price;
    this.#price = price;
    this.#updatedAt = now;
    this.raise(new ProductPriceChanged(this.id, price, previous));
    return true;
  }

  /** The product can no longer be ordered. Final: a discontinued product stays discontinued. */
  discontinue(now = new Date()): void {
    if (this.#status === ProductStatus.Discontinued) {
      throw new DomainError(
        CatalogErrors.PRODUCT_ALREADY_DISCONTINUED,
        "the product is already discontinued",
        "illegal-state",
      );
    }
    this.#status = ProductStatus.Discontinued;
    this.#updatedAt = now;
    this.raise(new ProductDiscontinued(this.id));
  }

  private static assertPrice(price: Money): void {
    if (!price.isPositive()) {
      throw new DomainError(CatalogErrors.PRODUCT_INVALID_PRICE, `a price must be above zero, got ${price}`);
    }
  }

  private static checkedAttributes(attributes: Record<string, string>): Attributes {
    const entries = Object.entries(attributes);
    if (entries.length > MAX_ATTRIBUTES) {
      throw new DomainError(
        CatalogErrors.PRODUCT_TOO_MANY_ATTRIBUTES,
        `a product has at most ${MAX_ATTRIBUTES} attributes`,
      );
    }
    const checked: Record<string, string> = {};
    for (const [key, value] of entries) {
      if (!ATTRIBUTE_KEY_PATTERN.test(key)) {
        throw new DomainError(
          CatalogErrors.PRODUCT_INVALID_ATTRIBUTE,
          `attribute names are 1-64 letters, digits, spaces, '.', '_' or '-'; got "${key.slice(0, 70)}"`,
        );
      }
      checked[key] = boundedText(
        value,
        { max: MAX_ATTRIBUTE_VALUE_LENGTH },
        CatalogErrors.PRODUCT_INVALID_ATTRIBUTE,
        `attribute "${key}"`,
      );
    }
    return Object.freeze(checked);
  }
}
