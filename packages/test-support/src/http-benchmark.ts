import autocannon from "autocannon";

export interface HttpFigures {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface HttpLoad {
  seconds: number;
  connections: number;
  /** Sent with every request (e.g. `authorization: Bearer <token>`). */
  headers?: Record<string, string>;
  log?: (line: string) => void;
}

/** Drives one scenario with autocannon; `request` is called for every request sent. */
export async function measureHttp(
  scenario: string,
  url: string,
  request: () => autocannon.Request,
  load: HttpLoad,
): Promise<HttpFigures> {
  load.log?.(`${scenario}: ${load.seconds} s with ${load.connections} connections`);
  const result = await autocannon({
    url,
    connections: load.connections,
    duration: load.seconds,
    requests: [
      {
        setupRequest: (req) => {
          const own = request();
          return { ...req, ...own, headers: { ...load.headers, ...own.headers } };
        },
      },
    ],
  });
  return {
    scenario,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** The figures as the Markdown table the READMEs keep. */
export function figuresTable(results: HttpFigures[]): string {
  const rows = results.map((r) => `| ${r.scenario} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`);
  return ["| scenario | requests/s | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|", ...rows].join(
    "\n",
  );
}

export interface RoundScenario {
  scenario: string;
  url: string;
  /** The path of each request (called for every request sent). */
  path: () => string;
  headers?: Record<string, string>;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * Every scenario for `load.seconds` in total, in rounds of `roundSeconds` that take turns (in a
 * rotating order), so that load from elsewhere on a shared machine lands on all of them alike rather
 * than on whichever ran at the time. Requests/s over all rounds; latencies: the median of the rounds'.
 */
export async function measureInRounds(
  scenarios: RoundScenario[],
  load: HttpLoad & { roundSeconds: number },
): Promise<HttpFigures[]> {
  const rounds = scenarios.map(
    () => [] as { requests: number; seconds: number; p50: number; p99: number; errors: number }[],
  );
  const count = Math.max(1, Math.round(load.seconds / load.roundSeconds));
  for (let r = 0; r < count; r++) {
    load.log?.(
      `round ${r + 1}/${count}: ${scenarios.length} scenarios, ${load.roundSeconds} s each, ${load.connections} connections`,
    );
    for (let k = 0; k < scenarios.length; k++) {
      const i = (k + r) % scenarios.length;
      const scenario = scenarios[i] as RoundScenario;
      const result = await autocannon({
        url: scenario.url,
        connections: load.connections,
        duration: load.roundSeconds,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              method: "GET",
              path: scenario.path(),
              headers: scenario.headers ?? {},
            }),
          },
        ],
      });
      rounds[i]?.push({
        requests: result.requests.total,
        seconds: result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.non2xx,
      });
    }
  }
  return scenarios.map((scenario, i) => {
    const mine = rounds[i] ?? [];
    return {
      scenario: scenario.scenario,
      rps: Math.round(mine.reduce((s, r) => s + r.requests, 0) / mine.reduce((s, r) => s + r.seconds, 0)),
      p50: median(mine.map((r) => r.p50)),
      p99: median(mine.map((r) => r.p99)),
      errors: mine.reduce((s, r) => s + r.errors, 0),
    };
  });
}
