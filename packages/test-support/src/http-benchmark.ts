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
