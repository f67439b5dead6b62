/** What a shipment carries: a product and how many, as the order paid for them. */
export interface ShipmentLine {
  readonly productId: string;
  readonly quantity: number;
}
