import type { BuyerDirectory, BuyerReplica, BuyerView, ReplicaVersion } from "../application/ports.ts";
import type { ShippingAddress } from "../domain/shipping-address.ts";
import type { Db, OrderingUnitOfWork } from "./database.ts";
import { ReplicaNotReady } from "./replica-not-ready.ts";
import { advanceTo, isNotOlder } from "./replica-position.ts";

/**
 * The buyers table, written only by customer events. Every write is guarded by the row's position
 * (see replica-position.ts), so an event older than what the row already reflects changes nothing;
 * deactivation is final.
 */
export class PrismaBuyerReplica implements BuyerDirectory, BuyerReplica {
  constructor(
    private readonly db: Db,
    private readonly uow: OrderingUnitOfWork,
  ) {}

  async find(customerId: string): Promise<BuyerView | undefined> {
    const row = await this.uow.currentOr(this.db).buyer.findUnique({ where: { customerId } });
    if (!row) return undefined;
    return {
      customerId: row.customerId,
      name: row.name,
      active: row.active,
      defaultShippingAddress: row.defaultShippingAddress as unknown as ShippingAddress | null,
    };
  }

  async register(buyer: BuyerView, version: ReplicaVersion): Promise<void> {
    await this.uow.current().$executeRawUnsafe(
      `INSERT INTO buyers (customer_id, name, default_shipping_address, active, as_of, sequence)
       VALUES ($1::uuid, $2, $3::jsonb, true, $4, $5::bigint)
       ON CONFLICT (customer_id) DO UPDATE
         SET name = EXCLUDED.name, default_shipping_address = EXCLUDED.default_shipping_address,
             ${advanceTo("buyers", "$5", "$4")}
         WHERE ${isNotOlder("buyers", "$5", "$4")}`,
      buyer.customerId,
      buyer.name,
      JSON.stringify(buyer.defaultShippingAddress),
      version.asOf,
      version.sequence ?? null,
    );
  }

  async rename(customerId: string, name: string, version: ReplicaVersion): Promise<void> {
    await this.#update(customerId, "name = $3", version, name);
  }

  async changeDefaultAddress(
    customerId: string,
    address: ShippingAddress | null,
    version: ReplicaVersion,
  ): Promise<void> {
    await this.#update(customerId, "default_shipping_address = $3::jsonb", version, JSON.stringify(address));
  }

  async deactivate(customerId: string, version: ReplicaVersion): Promise<void> {
    const updated = await this.uow
      .current()
      .$executeRawUnsafe(
        `UPDATE buyers SET active = false, ${advanceTo("buyers", "$3", "$2")} WHERE customer_id = $1::uuid`,
        customerId,
        version.asOf,
        version.sequence ?? null,
      );
    if (updated === 0) throw new ReplicaNotReady("customer", customerId);
  }

  async #update(customerId: string, set: string, version: ReplicaVersion, value: unknown): Promise<void> {
    const tx = this.uow.current();
    const updated = await tx.$executeRawUnsafe(
      `UPDATE buyers SET ${set}, ${advanceTo("buyers", "$4", "$2")}
       WHERE customer_id = $1::uuid AND ${isNotOlder("buyers", "$4", "$2")}`,
      customerId,
      version.asOf,
      value,
      version.sequence ?? null,
    );
    // Nothing updated: either a newer event already applied (fine) or the customer is not known yet.
    if (
      updated === 0 &&
      !(await tx.buyer.findUnique({ where: { customerId }, select: { customerId: true } }))
    ) {
      throw new ReplicaNotReady("customer", customerId);
    }
  }
}
