import { DomainError } from "@ecommerce/domain-kernel";
import type { IntegrationOutbox } from "@ecommerce/messaging";
import { ConcurrencyConflict, isUniqueViolation, type MessageContext } from "@ecommerce/service-kit";
import type { CustomerRepository } from "../application/ports.ts";
import { Customer } from "../domain/customer.ts";
import { CustomerAddress } from "../domain/customer-address.ts";
import type { CustomerStatus } from "../domain/customer-status.ts";
import { EmailAddress } from "../domain/email-address.ts";
import { CustomerErrors } from "../domain/errors.ts";
import { PostalAddress } from "../domain/postal-address.ts";
import { Preferences } from "../domain/preferences.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { toCustomerDocument } from "./customer-document.ts";
import type { CustomerUnitOfWork, Db, Tx } from "./database.ts";

export interface CustomerRepositoryOptions {
  /** Where the customer's integration events go, in the save's transaction. */
  outbox: IntegrationOutbox<Customer>;
  /** Runs once the save has committed (cache invalidation); never inside the transaction. */
  afterCommit?: ((customer: { id: string; emailNormalized: string }) => Promise<void>)[];
}

/** The unique index that makes email uniqueness hold under concurrent registrations. */
const EMAIL_INDEX = "customers_email_normalized_key";

/**
 * Saves the aggregate with optimistic concurrency (the UPDATE only matches the version it was
 * loaded at), refreshes its read-model row, and writes its integration events to the outbox — all
 * inside the command's transaction.
 */
export class PrismaCustomerRepository implements CustomerRepository {
  constructor(
    private readonly db: Db,
    private readonly uow: CustomerUnitOfWork,
    private readonly options: CustomerRepositoryOptions,
  ) {}

  async get(id: string): Promise<Customer | undefined> {
    const row = await this.uow.currentOr(this.db).customer.findUnique({
      where: { id },
      include: { addresses: { orderBy: { position: "asc" } } },
    });
    if (!row) return undefined;
    const addresses = row.addresses.map(
      (a) =>
        new CustomerAddress(
          a.id,
          PostalAddress.of({
            line1: a.line1,
            line2: a.line2,
            city: a.city,
            postalCode: a.postalCode,
            country: a.country,
          }),
        ),
    );
    return Customer.restore(
      {
        id: row.id,
        email: EmailAddress.of(row.email),
        name: row.name,
        status: row.status as CustomerStatus,
        preferences: Preferences.of({
          marketingConsent: row.marketingConsent,
          currency: row.currency,
          language: row.language,
        }),
        addresses,
        defaultShippingAddressId: row.addresses.find((a) => a.isDefaultShipping)?.id ?? null,
        registeredAt: row.registeredAt,
        deactivatedAt: row.deactivatedAt,
      },
      row.version,
    );
  }

  async add(customer: Customer, context: MessageContext): Promise<void> {
    const tx = this.uow.current();
    try {
      await tx.customer.create({
        data: {
          id: customer.id,
          email: customer.email.value,
          emailNormalized: customer.email.normalized,
          registeredAt: customer.registeredAt,
          ...this.#state(customer),
          version: 1,
        },
      });
    } catch (error) {
      // The index, not a SELECT beforehand, decides: of two concurrent registrations of one address
      // the second waits for the first to commit and then fails here.
      if (isUniqueViolation(error, EMAIL_INDEX)) {
        throw new DomainError(
          CustomerErrors.CUSTOMER_EMAIL_TAKEN,
          "a customer with this email address is already registered",
          "conflict",
        );
      }
      throw error;
    }
    await this.#writeAddresses(tx, customer);
    await this.#afterWrite(tx, customer, 1, context);
  }

  async save(customer: Customer, context: MessageContext): Promise<void> {
    const tx = this.uow.current();
    const next = customer.version + 1;
    const { count } = await tx.customer.updateMany({
      where: { id: customer.id, version: customer.version },
      data: { ...this.#state(customer), version: next },
    });
    if (count === 0) {
      const current = await tx.customer.findUnique({ where: { id: customer.id }, select: { version: true } });
      throw new ConcurrencyConflict("customer", customer.id, current?.version);
    }
    await tx.customerAddress.deleteMany({ where: { customerId: customer.id } });
    await this.#writeAddresses(tx, customer);
    await this.#afterWrite(tx, customer, next, context);
  }

  #state(customer: Customer) {
    return {
      name: customer.name,
      status: customer.status,
      marketingConsent: customer.preferences.marketingConsent,
      currency: customer.preferences.currency,
      language: customer.preferences.language,
      deactivatedAt: customer.deactivatedAt,
    };
  }

  async #writeAddresses(tx: Tx, customer: Customer): Promise<void> {
    if (customer.addresses.length === 0) return;
    await tx.customerAddress.createMany({
      data: customer.addresses.map((a, position) => ({
        id: a.id,
        customerId: customer.id,
        position,
        line1: a.address.line1,
        line2: a.address.line2,
        city: a.address.city,
        postalCode: a.address.postalCode,
        country: a.address.country,
        isDefaultShipping: a.id === customer.defaultShippingAddressId,
      })),
    });
  }

  async #afterWrite(tx: Tx, customer: Customer, version: number, context: MessageContext): Promise<void> {
    const document = toCustomerDocument(customer, version) as unknown as Prisma.InputJsonObject;
    const view = { status: customer.status, version, document, updatedAt: new Date() };
    await tx.customerView.upsert({
      where: { id: customer.id },
      create: { id: customer.id, emailNormalized: customer.email.normalized, ...view },
      update: view,
    });
    await this.options.outbox.write(tx, customer, version, context);
    const saved = { id: customer.id, emailNormalized: customer.email.normalized };
    for (const fn of this.options.afterCommit ?? []) this.uow.afterCommit(() => fn(saved));
    customer.markSaved(version);
  }
}
