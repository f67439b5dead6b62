import { DomainError, type DomainErrorKind } from "@ecommerce/domain-kernel";
import { expect } from "vitest";

/** The DomainError `fn` throws; fails the test if it throws anything else or nothing. */
export function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a DomainError, nothing was thrown");
}

export function expectRefused(fn: () => unknown, code: string, kind: DomainErrorKind): DomainError {
  const error = domainErrorOf(fn);
  expect({ code: error.code, kind: error.kind }).toEqual({ code, kind });
  return error;
}

export const id = (n: number): string => `0193a6f0-0000-7000-8000-${n.toString(16).padStart(12, "0")}`;
