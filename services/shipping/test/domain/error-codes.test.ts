import { fileURLToPath } from "node:url";
import { expectErrorCodesListed } from "@ecommerce/test-support";
import { it } from "vitest";
import { ShippingErrors } from "../../src/domain/errors.ts";

it("shipping throws only the error codes its domain/errors.ts lists, and no HTTP-typed error outside http/", () => {
  expectErrorCodesListed(fileURLToPath(new URL("../../src", import.meta.url)), ShippingErrors);
});
