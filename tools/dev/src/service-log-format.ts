// How the launcher prints a service's output. On a terminal (development) each pino JSON line
// becomes one readable line, prefixed with the service's name in a colour of its own; everywhere
// else (CI, tests, a file) the JSON stays as it is, behind a plain `[service] ` prefix, so tools can
// still parse it.
import { styleText } from "node:util";
import { prettyFactory } from "pino-pretty";

type Colour = Parameters<typeof styleText>[0];
const COLOURS: Colour[] = ["cyan", "magenta", "yellow", "green", "blue", "redBright", "whiteBright"];

/** FLEET_PRETTY=1 or 0 decides; otherwise readable exactly when stdout is a terminal. */
export function prettyLogsWanted(env: NodeJS.ProcessEnv, stdoutIsTty: boolean): boolean {
  if (env.FLEET_PRETTY === "1" || env.FLEET_PRETTY === "true") return true;
  if (env.FLEET_PRETTY === "0" || env.FLEET_PRETTY === "false") return false;
  return stdoutIsTty;
}

/**
 * A formatter of the lines of `services` (the names decide the prefix width and the colours):
 * `(service, line) => text to print` (without the newline).
 */
export function serviceLineFormatter(
  services: string[],
  { pretty, colour }: { pretty: boolean; colour: boolean },
): (service: string, line: string) => string {
  if (!pretty) return (service, line) => `[${service}] ${line}`;
  const width = Math.max(...services.map((s) => s.length));
  const prefixes = new Map(
    services.map((name, i) => {
      const text = `${name.padEnd(width)} |`;
      const colourOf = COLOURS[i % COLOURS.length] ?? "cyan";
      return [name, colour ? styleText(colourOf, text, { validateStream: false }) : text];
    }),
  );
  const prettify = prettyFactory({
    colorize: colour,
    singleLine: true,
    translateTime: "SYS:HH:MM:ss.l",
    // The prefix names the service; the process id and host are the same on every line.
    ignore: "pid,hostname,service",
  });
  return (service, line) => {
    const prefix = prefixes.get(service) ?? `${service} |`;
    // Not pino's JSON (a crash's stack trace, a library's message): shown as it came.
    const text = line.startsWith("{") ? prettify(line).trimEnd() : line;
    return `${prefix} ${text}`;
  };
}
