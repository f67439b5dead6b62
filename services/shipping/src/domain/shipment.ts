import { AggregateRoot, boundedText, DomainError } from "@ecommerce/domain-kernel";
import { ShippingErrors } from "./errors.ts";
import { ShipmentCancelled, ShipmentCreated, ShipmentDelivered, ShipmentDispatched } from "./events.ts";
import type { ShipmentLine } from "./shipment-line.ts";
import { ShipmentStatus } from "./shipment-status.ts";

/** The address as it was when the order was paid: later changes to the customer do not move a parcel. */
export interface AddressSnapshot {
  readonly recipient: string;
  readonly line1: string;
  readonly line2?: string | null | undefined;
  readonly city: string;
  readonly postalCode: string;
  readonly region?: string | null | undefined;
  readonly country: string;
}

/** One step of the tracking view: what happened and when. */
export interface TrackingStep {
  readonly status: ShipmentStatus;
  readonly at: Date;
}

export interface ShipmentSnapshot {
  id: string;
  orderId: string;
  /** The order's customer; null for shipments made before shipping recorded it. */
  customerId: string | null;
  lines: readonly ShipmentLine[];
  address: AddressSnapshot;
  status: ShipmentStatus;
  carrier: string | null;
  trackingNumber: string | null;
  history: readonly TrackingStep[];
}

const MAX_TRACKING = 100;

/**
 * The parcel for one paid order. It leaves once (dispatch, with a carrier and tracking number),
 * arrives once, and can be cancelled only while it has not left: after dispatch the goods are on
 * their way and cancelling the order no longer stops them.
 */
export class Shipment extends AggregateRoot {
  #s: ShipmentSnapshot;

  private constructor(snapshot: ShipmentSnapshot, version: number) {
    super(snapshot.id, version);
    this.#s = { ...snapshot, history: [...snapshot.history] };
  }

  static create(
    id: string,
    orderId: string,
    lines: readonly ShipmentLine[],
    address: AddressSnapshot,
    at = new Date(),
    customerId: string | null = null,
  ) {
    if (lines.length === 0 || lines.some((l) => !Number.isSafeInteger(l.quantity) || l.quantity < 1))
      throw new DomainError(ShippingErrors.INVALID_LINES, "a shipment needs lines with positive quantities");
    const shipment = new Shipment(
      {
        id,
        orderId,
        customerId,
        lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
        address,
        status: ShipmentStatus.Pending,
        carrier: null,
        trackingNumber: null,
        history: [{ status: ShipmentStatus.Pending, at }],
      },
      0,
    );
    shipment.raise(new ShipmentCreated(id, orderId, shipment.#s.lines));
    return shipment;
  }

  static restore(snapshot: ShipmentSnapshot, version: number): Shipment {
    return new Shipment(snapshot, version);
  }

  get snapshot(): Readonly<ShipmentSnapshot> {
    return this.#s;
  }

  get status(): ShipmentStatus {
    return this.#s.status;
  }

  get orderId(): string {
    return this.#s.orderId;
  }

  dispatch(carrier: string, trackingNumber: string, at = new Date()): void {
    if (this.#s.status !== ShipmentStatus.Pending)
      throw new DomainError(
        ShippingErrors.NOT_PENDING,
        `shipment ${this.id} is ${this.#s.status}: only a pending shipment can be dispatched`,
        "illegal-state",
      );
    this.#s.carrier = Shipment.tracking(carrier, "the carrier");
    this.#s.trackingNumber = Shipment.tracking(trackingNumber, "the tracking number");
    this.moveTo(ShipmentStatus.Dispatched, at);
    this.raise(
      new ShipmentDispatched(
        this.id,
        this.#s.orderId,
        this.#s.lines,
        this.#s.carrier,
        this.#s.trackingNumber,
      ),
    );
  }

  deliver(at = new Date()): void {
    if (this.#s.status !== ShipmentStatus.Dispatched)
      throw new DomainError(
        ShippingErrors.NOT_DISPATCHED,
        `shipment ${this.id} is ${this.#s.status}: only a dispatched shipment can be delivered`,
        "illegal-state",
      );
    this.moveTo(ShipmentStatus.Delivered, at);
    this.raise(new ShipmentDelivered(this.id, this.#s.orderId));
  }

  /** The order was cancelled. Returns false when it already was; refuses once the parcel has left. */
  cancel(at = new Date()): boolean {
    if (this.#s.status === ShipmentStatus.Cancelled) return false;
    if (this.#s.status !== ShipmentStatus.Pending)
      throw new DomainError(
        ShippingErrors.ALREADY_DISPATCHED,
        `shipment ${this.id} is ${this.#s.status}: a dispatched shipment cannot be cancelled`,
        "illegal-state",
      );
    this.moveTo(ShipmentStatus.Cancelled, at);
    this.raise(new ShipmentCancelled(this.id, this.#s.orderId));
    return true;
  }

  private moveTo(status: ShipmentStatus, at: Date): void {
    this.#s.status = status;
    this.#s.history = [...this.#s.history, { status, at }];
  }

  private static tracking(value: string, what: string): string {
    return boundedText(value, { max: MAX_TRACKING }, ShippingErrors.INVALID_TRACKING, what);
  }
}
