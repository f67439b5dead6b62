import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU ticks (user + system) a process has used so far, or undefined once it is gone. */
export function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name, in parentheses, may hold spaces: the fields follow its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * CPU used per labelled group of processes over a measured interval, for a benchmark's "where does
 * the CPU go" table: the services it started, and PostgreSQL's backends per database. Backends come
 * and go with their pools, so the processes are listed again on every sample; one seen for the first
 * time after start() counts from zero, one that exits keeps what it had used at its last sample.
 */
export class ProcessCpuSampler {
  readonly #list: () => Promise<Map<number, string>>;
  readonly #first = new Map<number, number>();
  readonly #last = new Map<number, { ticks: number; label: string }>();
  #timer: NodeJS.Timeout | undefined;
  #sampling: Promise<void> = Promise.resolve();

  /** `list` names the processes to watch: pid → group label. */
  constructor(list: () => Promise<Map<number, string>>) {
    this.#list = list;
  }

  async start(intervalMs = 250): Promise<void> {
    for (const [pid] of await this.#list()) {
      const ticks = processTicks(pid);
      if (ticks !== undefined) this.#first.set(pid, ticks);
    }
    this.#timer = setInterval(() => {
      this.#sampling = this.#sampling.then(() => this.#sample()).catch(() => undefined);
    }, intervalMs);
  }

  /** Milliseconds of CPU per group since start(), largest first. */
  async stop(): Promise<[string, number][]> {
    clearInterval(this.#timer);
    await this.#sampling;
    await this.#sample();
    const byLabel = new Map<string, number>();
    for (const [pid, { ticks, label }] of this.#last) {
      const used = ticks - (this.#first.get(pid) ?? 0);
      byLabel.set(label, (byLabel.get(label) ?? 0) + (used * 1000) / TICKS_PER_SECOND);
    }
    return [...byLabel].sort((a, b) => b[1] - a[1]);
  }

  async #sample(): Promise<void> {
    for (const [pid, label] of await this.#list()) {
      const ticks = processTicks(pid);
      if (ticks !== undefined) this.#last.set(pid, { ticks, label });
    }
  }
}
