import { describe, expect, it } from "vitest";
import { prettyLogsWanted, serviceLineFormatter } from "../src/service-log-format.ts";

const line = JSON.stringify({
  level: 30,
  time: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
  pid: 4242,
  hostname: "box",
  service: "catalog",
  reqId: "r-1",
  msg: "request completed",
});

describe("the launcher's service lines", () => {
  it("stay JSON behind a [service] prefix unless readable ones are wanted", () => {
    const format = serviceLineFormatter(["catalog", "ordering"], { pretty: false, colour: false });
    expect(format("catalog", line)).toBe(`[catalog] ${line}`);
    expect(JSON.parse(format("catalog", line).slice("[catalog] ".length))).toMatchObject({
      msg: "request completed",
    });
  });

  it("become one readable line per event, prefixed with the service's name", () => {
    const format = serviceLineFormatter(["catalog", "ordering"], { pretty: true, colour: false });
    const text = format("catalog", line);
    expect(text.split("\n")).toHaveLength(1);
    expect(text).toMatch(/^catalog {2}\| \[\d\d:\d\d:\d\d\.\d{3}\] INFO: request completed/);
    expect(text).toContain('"reqId":"r-1"');
    // The prefix says which service and the host is everyone's: neither is repeated.
    expect(text).not.toContain("4242");
    expect(text).not.toContain('"service"');
    // Not pino's JSON: shown as it came.
    expect(format("ordering", "    at main (src/main.ts:1:1)")).toBe(
      "ordering |     at main (src/main.ts:1:1)",
    );
  });

  it("give each service a colour of its own", () => {
    const format = serviceLineFormatter(["catalog", "ordering"], { pretty: true, colour: true });
    const ESC = String.fromCharCode(27);
    // The ANSI code the line starts with, e.g. ESC[36m.
    const colourOf = (text: string) =>
      text.startsWith(ESC) ? text.slice(0, text.indexOf("m") + 1) : undefined;
    expect(colourOf(format("catalog", line))).toBeDefined();
    expect(colourOf(format("catalog", line))).not.toBe(colourOf(format("ordering", line)));
  });

  it("are readable on a terminal, or as FLEET_PRETTY says", () => {
    expect(prettyLogsWanted({}, true)).toBe(true);
    expect(prettyLogsWanted({}, false)).toBe(false);
    expect(prettyLogsWanted({ FLEET_PRETTY: "1" }, false)).toBe(true);
    expect(prettyLogsWanted({ FLEET_PRETTY: "0" }, true)).toBe(false);
  });
});
