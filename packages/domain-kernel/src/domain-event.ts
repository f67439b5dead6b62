/** Something that happened in the domain, named in the past tense by the business. */
export interface DomainEvent {
  readonly name: string;
  readonly aggregateId: string;
  readonly occurredAt: Date;
}
