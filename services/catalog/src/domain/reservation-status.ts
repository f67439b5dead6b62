/**
 * Where an order's reservation is: Reserved (every line held), Refused (nothing held: some lines
 * were short), Released (the order was cancelled), Committed (shipped: the units left the stock),
 * Cancelled (the order was cancelled before catalog reserved anything, so it never will).
 */
export const ReservationStatus = {
  Reserved: "Reserved",
  Refused: "Refused",
  Released: "Released",
  Committed: "Committed",
  Cancelled: "Cancelled",
} as const;

export type ReservationStatus = (typeof ReservationStatus)[keyof typeof ReservationStatus];

export const RESERVATION_STATUSES = Object.values(ReservationStatus) as ReservationStatus[];
