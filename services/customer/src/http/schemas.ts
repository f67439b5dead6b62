import {
  CursorSchema,
  DEFAULT_PAGE_SIZE,
  ifMatchHeader,
  PageSizeSchema,
  ProblemSchema,
  pageOf,
} from "@ecommerce/service-kit";
import { Type } from "typebox";
import {
  Email,
  Name,
  postalAddressProperties,
  preferencesChangeProperties,
  Uuid,
} from "../application/message-schemas.ts";
import { MAX_CURSOR_LENGTH } from "../application/queries/list-customers.ts";
import { MAX_ADDRESSES } from "../domain/customer.ts";
import { CUSTOMER_STATUSES } from "../domain/customer-status.ts";

// Field shapes come from the application's message schemas: the mediator checks the same ones.

export const AddressRequest = Type.Object(postalAddressProperties, { additionalProperties: false });

export const AddAddressRequest = Type.Object(
  {
    ...postalAddressProperties,
    default: Type.Optional(
      Type.Boolean({ description: "Make it the default shipping address (the first address always is)" }),
    ),
  },
  { additionalProperties: false },
);

export const RegisterCustomerRequest = Type.Object(
  {
    email: Email({
      description: "Unique among customers regardless of case",
      examples: ["ada@example.com"],
    }),
    name: Name,
    address: Type.Optional(AddressRequest),
  },
  { additionalProperties: false },
);

export const PreferencesPatch = Type.Object(preferencesChangeProperties, {
  additionalProperties: false,
  minProperties: 1,
});

export const UpdateProfileRequest = Type.Object(
  {
    name: Type.Optional(Name),
    preferences: Type.Optional(PreferencesPatch),
  },
  { additionalProperties: false, minProperties: 1, description: "Only the fields given change" },
);

export const CustomerIdParams = Type.Object({ id: Uuid });

export const AddressIdParams = Type.Object({ id: Uuid, addressId: Uuid });

export const ListCustomersQuery = Type.Object(
  {
    email: Type.Optional(
      Email({
        description: "Find the customer with this email, in any case (then cursor and limit are ignored)",
      }),
    ),
    cursor: Type.Optional(CursorSchema(MAX_CURSOR_LENGTH)),
    limit: PageSizeSchema({ default: DEFAULT_PAGE_SIZE }),
  },
  { additionalProperties: false },
);

const IdempotencyKey = Type.Optional(Type.String({ maxLength: 255 }));

/** Registering: there is no customer yet, so no version to match. */
export const CreateHeaders = Type.Object({ "idempotency-key": IdempotencyKey });

/** Commands on an existing customer: optimistic concurrency on its ETag. */
export const CommandHeaders = Type.Object({
  "if-match": ifMatchHeader(),
  "idempotency-key": IdempotencyKey,
});

export const AddressResponse = Type.Object({
  id: Uuid,
  line1: Type.String(),
  line2: Type.Optional(Type.String()),
  city: Type.String(),
  postalCode: Type.String(),
  country: Type.String(),
  default: Type.Boolean(),
});

export const CustomerResponse = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  status: Type.Enum(CUSTOMER_STATUSES),
  addresses: Type.Array(AddressResponse, { maxItems: MAX_ADDRESSES }),
  preferences: Type.Object({
    marketingConsent: Type.Boolean(),
    currency: Type.String(),
    language: Type.String(),
  }),
  registeredAt: Type.String({ format: "date-time" }),
  deactivatedAt: Type.Optional(Type.String({ format: "date-time" })),
  version: Type.Integer(),
});

export const CustomerPage = pageOf(CustomerResponse);

export const Problem = ProblemSchema;
