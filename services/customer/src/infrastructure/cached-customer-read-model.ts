import type { Cache, Page } from "@ecommerce/service-kit";
import type { CustomerDto, CustomerReadModel } from "../application/queries/customer-dto.ts";

const LIST_GENERATION = "customer-list";

/**
 * Cache-aside in front of the read model (Redis in production, an in-process LRU otherwise). A
 * customer's save deletes its entries once its transaction has committed (`invalidate`), and bumps the
 * generation that list pages carry in their key; so a read after a write never sees the old value.
 */
export class CachedCustomerReadModel implements CustomerReadModel {
  constructor(
    private readonly inner: CustomerReadModel,
    private readonly cache: Cache,
    private readonly ttlSeconds?: number,
  ) {}

  get(id: string): Promise<CustomerDto | undefined> {
    return this.cache.getOrLoad(`id:${id}`, () => this.inner.get(id), this.ttlSeconds);
  }

  findByEmail(normalizedEmail: string): Promise<CustomerDto | undefined> {
    return this.cache.getOrLoad(
      `email:${normalizedEmail}`,
      () => this.inner.findByEmail(normalizedEmail),
      this.ttlSeconds,
    );
  }

  async list(cursor: string | undefined, limit: number): Promise<Page<CustomerDto>> {
    const generation = await this.cache.generation(LIST_GENERATION);
    return this.cache.getOrLoad(
      `list:${generation}:${cursor ?? ""}:${limit}`,
      () => this.inner.list(cursor, limit),
      this.ttlSeconds,
    );
  }

  /** After a customer's save has committed: every cached view of that customer is gone. */
  async invalidate(customer: { id: string; emailNormalized: string }): Promise<void> {
    await this.cache.delete(`id:${customer.id}`, `email:${customer.emailNormalized}`);
    await this.cache.bump(LIST_GENERATION);
  }
}
