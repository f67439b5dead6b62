import type { ServiceApp } from "@ecommerce/service-kit";
import type { Db } from "../src/infrastructure/database.ts";

interface Row {
  id: string;
  email: string;
  name: string;
  status: string;
  marketing_consent: boolean;
  currency: string;
  language: string;
  registered_at: Date;
  deactivated_at: Date | null;
  version: number;
  address_id: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  postal_code: string | null;
  country: string | null;
  is_default_shipping: boolean | null;
}

/**
 * The baseline the read model must beat: GetCustomer answered the plain CRUD way, joining the write
 * tables and assembling the document on every request. Registered only by the benchmark.
 */
export function crudBaselineRoutes(db: Db) {
  return async (app: ServiceApp) => {
    app.get<{ Params: { id: string } }>(
      "/bench/crud/customers/:id",
      { schema: { hide: true } },
      async (request, reply) => {
        const rows = await db.$queryRawUnsafe<Row[]>(
          `SELECT c.id, c.email, c.name, c.status, c.marketing_consent, c.currency, c.language,
                  c.registered_at, c.deactivated_at, c.version,
                  a.id AS address_id, a.line1, a.line2, a.city, a.postal_code, a.country, a.is_default_shipping
             FROM customers c LEFT JOIN customer_addresses a ON a.customer_id = c.id
            WHERE c.id = $1::uuid ORDER BY a.position`,
          request.params.id,
        );
        const head = rows[0];
        if (!head) return reply.code(404).send({ status: 404 });
        return {
          id: head.id,
          email: head.email,
          name: head.name,
          status: head.status,
          addresses: rows
            .filter((r) => r.address_id !== null)
            .map((r) => ({
              id: r.address_id,
              line1: r.line1,
              ...(r.line2 !== null ? { line2: r.line2 } : {}),
              city: r.city,
              postalCode: r.postal_code,
              country: r.country,
              default: r.is_default_shipping,
            })),
          preferences: {
            marketingConsent: head.marketing_consent,
            currency: head.currency,
            language: head.language,
          },
          registeredAt: head.registered_at.toISOString(),
          ...(head.deactivated_at ? { deactivatedAt: head.deactivated_at.toISOString() } : {}),
          version: head.version,
        };
      },
    );
  };
}
