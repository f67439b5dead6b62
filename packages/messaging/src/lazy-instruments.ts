import { type Meter, type MeterProvider, metrics } from "@opentelemetry/api";

/**
 * Instruments made from the global meter provider of the moment, again whenever it changes. The
 * metrics API has no proxy (unlike tracing's): an instrument made before telemetry started would
 * stay a no-op for good, so modules never make theirs at import. Off, they are the API's no-ops.
 */
export function lazyInstruments<T>(scope: string, create: (meter: Meter) => T): () => T {
  let made: { provider: MeterProvider; instruments: T } | undefined;
  return () => {
    const provider = metrics.getMeterProvider();
    if (made?.provider !== provider) made = { provider, instruments: create(provider.getMeter(scope)) };
    return made.instruments;
  };
}
