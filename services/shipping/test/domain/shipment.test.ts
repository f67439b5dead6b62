import { DomainError, newId } from "@ecommerce/domain-kernel";
import { describe, expect, it } from "vitest";
import { Shipment } from "../../src/domain/shipment.ts";

const address = { recipient: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };

function create() {
  return Shipment.create(newId(), newId(), [{ productId: newId(), quantity: 2 }], address, new Date(1000));
}

describe("Shipment", () => {
  it("is created pending from the order's lines, and says so", () => {
    const shipment = create();
    expect(shipment.status).toBe("Pending");
    expect(shipment.domainEvents.map((e) => e.name)).toEqual(["ShipmentCreated"]);
  });

  it("needs lines with positive quantities", () => {
    expect(() => Shipment.create(newId(), newId(), [], address)).toThrowError(DomainError);
    expect(() =>
      Shipment.create(newId(), newId(), [{ productId: newId(), quantity: 0 }], address),
    ).toThrowError(/positive/);
  });

  it("is dispatched with a carrier and tracking number, then delivered; the history tracks each step", () => {
    const shipment = create();
    shipment.dispatch(" DHL ", "JD0146", new Date(2000));
    shipment.deliver(new Date(3000));
    expect(shipment.snapshot).toMatchObject({
      carrier: "DHL",
      trackingNumber: "JD0146",
      status: "Delivered",
    });
    expect(shipment.snapshot.history.map((h) => [h.status, h.at.getTime()])).toEqual([
      ["Pending", 1000],
      ["Dispatched", 2000],
      ["Delivered", 3000],
    ]);
    expect(shipment.domainEvents.map((e) => e.name)).toEqual([
      "ShipmentCreated",
      "ShipmentDispatched",
      "ShipmentDelivered",
    ]);
  });

  it.each(["", "   ", "x".repeat(101), "JD\u0000146"])("refuses the tracking number %j", (tracking) => {
    expect(() => create().dispatch("DHL", tracking)).toThrowError(
      expect.objectContaining({ code: "shipping.invalid_tracking" }),
    );
  });

  it("leaves once and arrives once", () => {
    const shipment = create();
    expect(() => shipment.deliver()).toThrowError(
      expect.objectContaining({ code: "shipping.shipment_not_dispatched" }),
    );
    shipment.dispatch("DHL", "1");
    expect(() => shipment.dispatch("DHL", "2")).toThrowError(
      expect.objectContaining({ code: "shipping.shipment_not_pending", kind: "illegal-state" }),
    );
    shipment.deliver();
    expect(() => shipment.deliver()).toThrowError(DomainError);
  });

  it("is cancelled only before dispatch; a second cancel changes nothing", () => {
    const pending = create();
    expect(pending.cancel()).toBe(true);
    expect(pending.cancel()).toBe(false);
    expect(pending.status).toBe("Cancelled");
    expect(() => pending.dispatch("DHL", "1")).toThrowError(DomainError);

    const dispatched = create();
    dispatched.dispatch("DHL", "1");
    expect(() => dispatched.cancel()).toThrowError(
      expect.objectContaining({ code: "shipping.shipment_already_dispatched" }),
    );
    expect(dispatched.status).toBe("Dispatched");
  });
});
