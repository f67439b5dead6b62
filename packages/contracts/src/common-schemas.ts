import { MULTI_LINE_TEXT_PATTERN, ONE_LINE_TEXT_PATTERN } from "@ecommerce/domain-kernel";
import Type from "typebox";

export const Uuid = Type.String({ format: "uuid" });

export const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000 });

export const Sku = Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$" });

// Text carries no control character (NUL included, which no consumer's database can store) nor half
// a surrogate pair: domain-kernel's bounded-text patterns, the ones every service's schemas apply.
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: ONE_LINE_TEXT_PATTERN });

/** A person's display name: the only personal datum the events carry besides the shipping address. */
export const PersonName = Text(200);

export const ProductName = Text(200);

/**
 * A postal address, as much of it as a shipment label needs. `recipient` is on the address rather than
 * taken from the customer because a parcel may go to someone else.
 */
export const AddressSchema = Type.Object({
  recipient: Text(200),
  line1: Text(200),
  line2: Type.Optional(Type.Union([Text(200), Type.Null()])),
  postalCode: Text(20),
  city: Text(100),
  region: Type.Optional(Type.Union([Text(100), Type.Null()])),
  country: Type.String({ pattern: "^[A-Z]{2}$", description: "ISO 3166-1 alpha-2" }),
});

export type Address = Type.Static<typeof AddressSchema>;

/** A reason may span lines (tab, newline, carriage return), as the services take it. */
export const Reason = Type.String({ minLength: 1, maxLength: 500, pattern: MULTI_LINE_TEXT_PATTERN });

/**
 * The payment provider's reference to a payment method the client set up with it (never a card
 * number): billing charges it.
 */
export const PaymentToken = Type.String({ pattern: "^[A-Za-z0-9_-]{1,100}$" });

/** A line as inventory sees it: what and how many, no price. */
export const StockLineSchema = Type.Object({ productId: Uuid, quantity: Quantity });

export type StockLine = Type.Static<typeof StockLineSchema>;
