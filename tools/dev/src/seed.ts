// The demo data `npm start` puts in place, so a new user can place an order at once. Idempotent:
// every item has a fixed natural key (category name, SKU, email) that the services keep unique; it
// is looked up first, created only when missing, and a 409 from a concurrent creator is looked up
// again. A second run therefore finds everything and changes nothing (stock is not topped up).
import { HttpError, requestJson } from "./http-json.ts";

export interface Money {
  amount: string;
  currency: string;
}

export interface DemoCategory {
  id: string;
  name: string;
}

export interface DemoProduct {
  id: string;
  sku: string;
  name: string;
  price: Money;
  available: number;
}

export interface DemoCustomer {
  id: string;
  email: string;
  name: string;
}

export interface DemoData {
  category?: DemoCategory;
  products: DemoProduct[];
  customers: DemoCustomer[];
}

export const DEMO_CATEGORY = "Demo shop";

export const DEMO_PRODUCTS = [
  { sku: "DEMO-MUG", name: "Enamel mug", price: { amount: "12.50", currency: "EUR" } },
  { sku: "DEMO-TEE", name: "Cotton T-shirt", price: { amount: "24.00", currency: "EUR" } },
  { sku: "DEMO-NOTEBOOK", name: "Dot-grid notebook", price: { amount: "9.90", currency: "EUR" } },
  { sku: "DEMO-LAMP", name: "Desk lamp", price: { amount: "49.00", currency: "EUR" } },
] as const;

export const DEMO_INITIAL_STOCK = 100;

export const DEMO_CUSTOMERS = [
  {
    email: "ada.demo@example.com",
    name: "Ada Lovelace",
    address: { line1: "1 Canal Street", city: "Amsterdam", postalCode: "1012 AB", country: "NL" },
  },
  {
    email: "grace.demo@example.com",
    name: "Grace Hopper",
    address: { line1: "5 Torstrasse", city: "Berlin", postalCode: "10115", country: "DE" },
  },
] as const;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Found, or created, or (after a 409: someone else created it meanwhile) found again. */
async function findOrCreate<T>(
  what: string,
  find: () => Promise<T | undefined>,
  create: () => Promise<T>,
): Promise<T> {
  const found = await find();
  if (found) return found;
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof HttpError && error.status === 409)) throw error;
    // The other creator's item may not be in the lists yet (catalog's list cache, refreshed once
    // the write is seen): looked up again for a few seconds.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const raced = await find();
      if (raced) return raced;
      if (Date.now() > deadline)
        throw new Error(`${what} is said to exist (${error.message}) but cannot be found`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function seedCategory(catalog: string): Promise<DemoCategory> {
  const find = async () => {
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const { body } = await requestJson<Page<DemoCategory>>(
        "GET",
        `${catalog}/categories?limit=100${query}`,
      );
      const match = body.items.find((c) => c.name.toLowerCase() === DEMO_CATEGORY.toLowerCase());
      if (match) return { id: match.id, name: match.name };
      cursor = body.nextCursor;
    } while (cursor);
    return undefined;
  };
  return findOrCreate(`category ${DEMO_CATEGORY}`, find, async () => {
    const { body } = await requestJson<DemoCategory>("POST", `${catalog}/categories`, {
      body: { name: DEMO_CATEGORY },
    });
    return { id: body.id, name: body.name };
  });
}

const asDemoProduct = (p: DemoProduct): DemoProduct => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  price: p.price,
  available: p.available,
});

async function seedProduct(
  catalog: string,
  categoryId: string,
  product: (typeof DEMO_PRODUCTS)[number],
): Promise<DemoProduct> {
  const find = async () => {
    const query = `q=${encodeURIComponent(product.sku)}&includeDiscontinued=true&limit=100`;
    const { body } = await requestJson<Page<DemoProduct>>("GET", `${catalog}/products?${query}`);
    const match = body.items.find((p) => p.sku.toUpperCase() === product.sku);
    return match && asDemoProduct(match);
  };
  return findOrCreate(`product ${product.sku}`, find, async () => {
    const { body } = await requestJson<DemoProduct>("POST", `${catalog}/products`, {
      body: { ...product, categoryId, initialStock: DEMO_INITIAL_STOCK },
    });
    return asDemoProduct(body);
  });
}

async function seedCustomer(
  customerUrl: string,
  customer: (typeof DEMO_CUSTOMERS)[number],
): Promise<DemoCustomer> {
  const find = async () => {
    const { body } = await requestJson<Page<DemoCustomer>>(
      "GET",
      `${customerUrl}/customers?email=${encodeURIComponent(customer.email)}`,
    );
    const match = body.items[0];
    return match && { id: match.id, email: match.email, name: match.name };
  };
  return findOrCreate(`customer ${customer.email}`, find, async () => {
    const { body } = await requestJson<DemoCustomer>("POST", `${customerUrl}/customers`, { body: customer });
    return { id: body.id, email: body.email, name: body.name };
  });
}

/** Seeds what the given services own (either may be absent from the fleet) and returns what exists. */
export async function seedDemoData(urls: {
  catalog?: string | undefined;
  customer?: string | undefined;
}): Promise<DemoData> {
  const data: DemoData = { products: [], customers: [] };
  if (urls.catalog) {
    const category = await seedCategory(urls.catalog);
    data.category = category;
    for (const product of DEMO_PRODUCTS)
      data.products.push(await seedProduct(urls.catalog, category.id, product));
  }
  if (urls.customer) {
    for (const customer of DEMO_CUSTOMERS) data.customers.push(await seedCustomer(urls.customer, customer));
  }
  return data;
}

/** What a new user needs to place an order: the ids, and the request that does it. */
/** `apiUrl`: where `/orders` is: the gateway's `/api`, or the ordering service itself. */
export function describeDemoData(data: DemoData, apiUrl?: string): string[] {
  const lines: string[] = [];
  if (data.category) lines.push(`category  ${data.category.name}  ${data.category.id}`);
  for (const p of data.products)
    lines.push(
      `product   ${p.sku.padEnd(14)} ${p.id}  ${p.price.amount} ${p.price.currency}, ${p.available} available  (${p.name})`,
    );
  for (const c of data.customers) lines.push(`customer  ${c.email.padEnd(23)} ${c.id}  (${c.name})`);
  const [customer] = data.customers;
  const [product] = data.products;
  if (apiUrl && customer && product) {
    const order = { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] };
    lines.push(
      "place an order:",
      `  curl -X POST ${apiUrl}/orders -H "authorization: Bearer $CUSTOMER_TOKEN" -H 'content-type: application/json' -d '${JSON.stringify(order)}'`,
      "or walk one through its whole lifecycle: npm run demo",
    );
  }
  return lines;
}
