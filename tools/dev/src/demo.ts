// `npm run demo`: one order through its whole lifecycle against the running fleet (`npm start`),
// printing each status of the order with the time since it was placed.
//   FLEET_PORT_OFFSET     the offset the fleet was started with (default 0)
//   DEMO_TIMEOUT_SECONDS  how long each step may take (default 60)
// It uses the demo customer and product of the seed (creating them if they are missing), places an
// order paid with the simulated provider's token tok_ok, confirms it, waits until it is Paid, then
// dispatches and delivers its shipment as the warehouse and the carrier would, and waits for the
// order to be Shipped, then Delivered.

import { devToken, FLEET_STAFF } from "./dev-auth.ts";
import { discoverServices, repositoryRoot } from "./fleet.ts";
import { HttpError, requestJson, ServiceUnreachable, useBearerToken } from "./http-json.ts";
import { seedDemoData } from "./seed.ts";

const SERVICES = ["catalog", "customer", "ordering", "shipping"] as const;
type ServiceName = (typeof SERVICES)[number];
type Urls = Record<ServiceName, string>;

interface Order {
  id: string;
  status: string;
  history?: { status: string; at: string; cause?: string }[];
  [field: string]: unknown;
}

interface Shipment {
  id: string;
  status: string;
  version: number;
}

/** Since the order was placed (before: since the demo started). */
let started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(2).padStart(6)} s`;
const say = (line: string) => process.stdout.write(`${line}\n`);
const timeoutMs = Number(process.env.DEMO_TIMEOUT_SECONDS ?? 60) * 1000;

class DemoFailed extends Error {}

/** The fleet's URLs as `npm start` gives them: the default ports plus FLEET_PORT_OFFSET. */
export function fleetUrls(offset: number): Urls {
  const known = new Map(discoverServices(repositoryRoot).map((s) => [s.name, s.port]));
  const urls = {} as Urls;
  for (const name of SERVICES) {
    const port = known.get(name);
    if (port === undefined) throw new DemoFailed(`the fleet has no ${name} service`);
    urls[name] = `http://127.0.0.1:${port + offset}`;
  }
  return urls;
}

async function expectRunning(urls: Urls): Promise<void> {
  for (const name of SERVICES) {
    try {
      await requestJson("GET", `${urls[name]}/health/ready`);
    } catch (error) {
      if (!(error instanceof ServiceUnreachable || error instanceof HttpError)) throw error;
      throw new DemoFailed(
        `${name} does not answer at ${urls[name]}: is the fleet running? Start it with \`npm start\` ` +
          "(and give the demo the same FLEET_PORT_OFFSET).",
      );
    }
  }
}

/** Calls `attempt` until it returns a value, or fails naming `what` once the step's time is up. */
async function poll<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  lastSeen: () => string = () => "",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new DemoFailed(`gave up after ${timeoutMs / 1000} s waiting for ${what}${lastSeen()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Places the order. Ordering learns of customers and products from their events, so right after a
 * seed it refuses them for a moment (422): that is retried.
 */
async function placeOrder(ordering: string, customerId: string, productId: string): Promise<Order> {
  let paymentMethod: { token: string } | undefined = { token: "tok_ok" };
  return poll("ordering to know the demo customer and product", async () => {
    const body = {
      customerId,
      lines: [{ productId, quantity: 1 }],
      ...(paymentMethod ? { paymentMethod } : {}),
    };
    const res = await requestJson<Order>("POST", `${ordering}/orders`, { body, accept: [400, 422] });
    if (res.status === 201) return res.body;
    const problem = res.body as { code?: string; detail?: string };
    if (res.status === 400 && paymentMethod && JSON.stringify(res.body).includes("paymentMethod")) {
      say(
        "        ordering does not take paymentMethod yet: placing the order without it (tok_ok is the default)",
      );
      paymentMethod = undefined;
      return undefined;
    }
    if (res.status === 422) return undefined;
    throw new DemoFailed(`ordering refused the order: ${problem.code ?? res.status} ${problem.detail ?? ""}`);
  });
}

/** Follows the order, printing each status when first seen, until it reaches `target`. */
async function follow(ordering: string, order: Order, seen: Set<string>, target: string): Promise<Order> {
  let status = order.status;
  const attempt = async () => {
    const { body } = await requestJson<Order>("GET", `${ordering}/orders/${order.id}`);
    status = body.status;
    if (!seen.has(body.status)) {
      seen.add(body.status);
      say(`${elapsed()}  ${body.status}`);
    }
    if (body.status === "Cancelled")
      throw new DemoFailed(`the order was cancelled: ${JSON.stringify(body.history?.at(-1) ?? body)}`);
    return body.status === target ? body : undefined;
  };
  return poll(`order ${order.id} to be ${target}`, attempt, () => ` (it is ${status})`);
}

async function shipmentOf(shipping: string, orderId: string): Promise<Shipment> {
  return poll(`the shipment of order ${orderId}`, async () => {
    const { body } = await requestJson<{ items: Shipment[] }>(
      "GET",
      `${shipping}/shipments?orderId=${encodeURIComponent(orderId)}`,
    );
    return body.items[0];
  });
}

/** dispatch or deliver, on the shipment's current ETag. */
async function shipmentCommand(
  shipping: string,
  shipmentId: string,
  action: "dispatch" | "deliver",
  body?: { carrier: string; trackingNumber: string },
): Promise<Shipment> {
  const current = await requestJson<Shipment>("GET", `${shipping}/shipments/${shipmentId}`);
  const etag = current.headers.get("etag") ?? `"${current.body.version}"`;
  const res = await requestJson<Shipment>("POST", `${shipping}/shipments/${shipmentId}/${action}`, {
    headers: { "if-match": etag },
    ...(body ? { body } : {}),
  });
  return res.body;
}

async function main(): Promise<void> {
  const urls = fleetUrls(Number(process.env.FLEET_PORT_OFFSET ?? 0));
  await expectRunning(urls);
  // The demo acts as staff: it places the order for the demo customer and moves the parcel.
  useBearerToken(await devToken(FLEET_STAFF.sub, FLEET_STAFF.roles));
  const demo = await seedDemoData({ catalog: urls.catalog, customer: urls.customer });
  const [customer] = demo.customers;
  const [product] = demo.products;
  if (!customer || !product) throw new DemoFailed("the demo data has no customer or product");
  say(`customer ${customer.email} (${customer.id}) orders 1 x ${product.sku} (${product.id})`);

  const placing = Date.now();
  const placed = await placeOrder(urls.ordering, customer.id, product.id);
  started = placing;
  const seen = new Set<string>([placed.status]);
  say(`order ${placed.id}`);
  say(`${elapsed()}  ${placed.status} (placed)`);
  await requestJson("POST", `${urls.ordering}/orders/${placed.id}/confirm`);
  await follow(urls.ordering, placed, seen, "Paid");

  const shipment = await shipmentOf(urls.shipping, placed.id);
  say(`${elapsed()}  shipment ${shipment.id} ${shipment.status}`);
  const trackingNumber = `DEMO-${placed.id.slice(-8).toUpperCase()}`;
  await shipmentCommand(urls.shipping, shipment.id, "dispatch", { carrier: "DemoPost", trackingNumber });
  say(`${elapsed()}  shipment dispatched with DemoPost, tracking number ${trackingNumber}`);
  await follow(urls.ordering, placed, seen, "Shipped");
  await shipmentCommand(urls.shipping, shipment.id, "deliver");
  say(`${elapsed()}  shipment delivered`);
  const delivered = await follow(urls.ordering, placed, seen, "Delivered");

  if (delivered.history?.length) {
    say("history:");
    for (const step of delivered.history)
      say(`  ${step.at}  ${step.status.padEnd(16)} ${step.cause ?? ""}`.trimEnd());
  }
  say(`done in ${elapsed().trim()}`);
}

main().catch((error: unknown) => {
  const known =
    error instanceof DemoFailed || error instanceof HttpError || error instanceof ServiceUnreachable;
  say(`demo failed: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}`);
  process.exit(1);
});
