import Type from "typebox";
import { AddressSchema, PersonName, Uuid } from "../common-schemas.ts";
import { defineEvent } from "../event-type.ts";

export const CustomerRegistered = defineEvent({
  context: "customer",
  name: "customer-registered",
  version: 1,
  subjectField: "customerId",
  description: "A customer signed up. Ordering starts its buyer replica from it.",
  schema: Type.Object({
    customerId: Uuid,
    name: PersonName,
    defaultShippingAddress: Type.Union([AddressSchema, Type.Null()]),
  }),
});

export const CustomerProfileUpdated = defineEvent({
  context: "customer",
  name: "customer-profile-updated",
  version: 1,
  subjectField: "customerId",
  description: "The customer's display name changed.",
  schema: Type.Object({ customerId: Uuid, name: PersonName }),
});

export const CustomerAddressChanged = defineEvent({
  context: "customer",
  name: "customer-address-changed",
  version: 1,
  subjectField: "customerId",
  description: "The default shipping address changed; null when the customer removed it.",
  schema: Type.Object({
    customerId: Uuid,
    defaultShippingAddress: Type.Union([AddressSchema, Type.Null()]),
  }),
});

export const CustomerDeactivated = defineEvent({
  context: "customer",
  name: "customer-deactivated",
  version: 1,
  subjectField: "customerId",
  description: "The customer can no longer place orders.",
  schema: Type.Object({ customerId: Uuid }),
});
