import { DomainError, Money, newId } from "@ecommerce/domain-kernel";
import { describe, expect, it } from "vitest";
import { Invoice } from "../../src/domain/invoice.ts";
import { InvoiceLine } from "../../src/domain/invoice-line.ts";
import { InvoiceNumber } from "../../src/domain/invoice-number.ts";
import { TaxRate } from "../../src/domain/tax-rate.ts";

const eur = (amount: string) => Money.of(amount, "EUR");

function issue(lines = [InvoiceLine.of(newId(), 3, eur("9.99")), InvoiceLine.of(newId(), 1, eur("0.05"))]) {
  return Invoice.issue({
    id: newId(),
    number: InvoiceNumber.of(2026, 7),
    orderId: newId(),
    customerId: newId(),
    lines,
    country: "DE",
    taxRate: TaxRate.of("0.19"),
    paymentToken: "tok_ok",
  });
}

describe("InvoiceNumber", () => {
  it("reads INV-<year>-<six-digit sequence>, both ways", () => {
    expect(InvoiceNumber.of(2026, 1).toString()).toBe("INV-2026-000001");
    expect(InvoiceNumber.of(2026, 1_234_567).toString()).toBe("INV-2026-1234567");
    expect(InvoiceNumber.parse("INV-2026-000042").equals(InvoiceNumber.of(2026, 42))).toBe(true);
  });

  it.each([
    [2026, 0],
    [2026, 1.5],
    [1999, 1],
  ])("refuses year %d sequence %d", (year, sequence) => {
    expect(() => InvoiceNumber.of(year, sequence)).toThrowError(DomainError);
  });
});

describe("Invoice", () => {
  it("totals its lines, taxes the net once and raises InvoiceIssued", () => {
    const invoice = issue();
    expect(invoice.net.amount).toBe("30.02");
    expect(invoice.tax.amount).toBe("5.70"); // 5.7038
    expect(invoice.total.amount).toBe("35.72");
    expect(invoice.status).toBe("Open");
    expect(invoice.domainEvents.map((e) => e.name)).toEqual(["InvoiceIssued"]);
  });

  it("needs lines, in one currency", () => {
    expect(() => issue([])).toThrowError(/at least one line/);
    expect(() =>
      issue([InvoiceLine.of(newId(), 1, eur("1.00")), InvoiceLine.of(newId(), 1, Money.of("1.00", "USD"))]),
    ).toThrowError(/EUR/);
    expect(() => InvoiceLine.of(newId(), 0, eur("1.00"))).toThrowError(/positive/);
  });

  it("is captured once: a second capture is refused", () => {
    const invoice = issue();
    invoice.recordCapture("cap_1");
    expect(invoice.status).toBe("Paid");
    expect(() => invoice.recordCapture("cap_2")).toThrowError(
      expect.objectContaining({ code: "billing.invoice_not_open", kind: "illegal-state" }),
    );
  });

  it("keys every charge and refund call by the invoice", () => {
    const invoice = issue();
    expect(invoice.chargeKey).toBe(`invoice-${invoice.id}-charge`);
    expect(invoice.refundKey).not.toBe(invoice.chargeKey);
  });

  it("a decline leaves it open, not worth charging again, until the order is cancelled", () => {
    const invoice = issue();
    invoice.recordDecline("card declined");
    invoice.recordDecline("card declined");
    expect(invoice.status).toBe("Open");
    expect(invoice.awaitsCharge).toBe(false);
    expect(invoice.domainEvents.map((e) => e.name)).toEqual(["InvoiceIssued", "PaymentDeclined"]);
    expect(invoice.cancelForOrder()).toBe("voided");
    expect(invoice.status).toBe("Void");
  });

  it("cancelling a paid order needs a refund, which closes it as Refunded", () => {
    const invoice = issue();
    invoice.recordCapture("cap_1");
    expect(invoice.cancelForOrder()).toBe("refund-needed");
    expect(invoice.awaitsRefund).toBe(true);
    invoice.recordRefund("ref_1");
    expect(invoice.awaitsRefund).toBe(false);
    expect(invoice.status).toBe("Refunded");
    expect(invoice.cancelForOrder()).toBe("already-closed");
    expect(invoice.domainEvents.at(-1)).toMatchObject({ name: "PaymentRefunded", refundId: "ref_1" });
  });

  it("refuses a refund of an unpaid invoice", () => {
    expect(() => issue().recordRefund("ref_1")).toThrowError(
      expect.objectContaining({ code: "billing.invoice_not_paid" }),
    );
  });
});
