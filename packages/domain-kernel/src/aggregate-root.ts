import type { DomainEvent } from "./domain-event.ts";
import { Entity } from "./entity.ts";

/**
 * The consistency boundary: the only entry point for changes to its cluster of objects.
 * `version` is the persisted version the aggregate was loaded at; repositories use it for
 * optimistic concurrency (UPDATE ... WHERE version = loaded) and bump it on save.
 */
export abstract class AggregateRoot<TId extends string = string> extends Entity<TId> {
  #version: number;
  #events: DomainEvent[] = [];

  protected constructor(id: TId, version: number) {
    super(id);
    this.#version = version;
  }

  get version(): number {
    return this.#version;
  }

  /** Events raised since the aggregate was loaded or last saved. */
  get domainEvents(): readonly DomainEvent[] {
    return this.#events;
  }

  protected raise(event: DomainEvent): void {
    this.#events.push(event);
  }

  /** Called by the repository once the state and its events are committed. */
  markSaved(newVersion: number): void {
    this.#version = newVersion;
    this.#events = [];
  }
}
