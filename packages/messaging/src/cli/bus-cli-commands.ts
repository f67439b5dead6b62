import { writeFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";
import { findSubscription, topology } from "@ecommerce/contracts";
import pino, { type Logger } from "pino";
import { type BusConfig, busConfigFromEnv } from "../bus-config.ts";
import { createEventBus } from "../create-event-bus.ts";
import type { DeadLetter, EventBus } from "../event-bus.ts";
import { type AdministrationClientPort, administrationClientFor } from "../transports/azure/azure-clients.ts";
import { provisionTopology } from "../transports/azure/azure-provisioning.ts";
import { emulatorConfig } from "../transports/azure/emulator-config.ts";
import { PgBossEventBus } from "../transports/postgres/pg-boss-transport.ts";

export const usage = `Usage: pnpm bus <command>

  dead-letters list <subscription> [--limit N] [--json]
  dead-letters replay <subscription> [--id ID ...] [--limit N]
  dead-letters discard <subscription> --id ID [--id ID ...]
  provision [--max-deliveries N]           make the configured transport match the topology: create
                                           what is missing, remove routes (rules) it no longer declares
  emulator-config [--max-deliveries N] [--out FILE]
                                           the Service Bus emulator's Config.json (stdout by default)

The transport comes from the environment (BUS_TRANSPORT, BUS_DATABASE_URL, SERVICEBUS_FQDN or
SERVICEBUS_CONNECTION_STRING, BUS_MAX_DELIVERIES). Subscriptions: ${topology.subscriptions.map((s) => s.name).join(", ")}.`;

export interface CliIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
  /** Where relative paths are resolved (the directory `pnpm bus` was run from). */
  cwd: string;
  createBus?(config: BusConfig, logger: Logger): EventBus;
  createAdmin?(config: BusConfig): AdministrationClientPort;
}

class UsageError extends Error {}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`${name} must be a positive integer (got "${value}")`);
  return number;
}

function subscriptionArgument(value: string | undefined): string {
  if (!value) throw new UsageError("missing <subscription>");
  if (!findSubscription(value)) throw new UsageError(`unknown subscription "${value}"`);
  return value;
}

function formatLetter(letter: DeadLetter): string {
  const event = letter.event as Partial<DeadLetter["event"]>;
  return [
    letter.id,
    letter.deadLetteredAt.toISOString(),
    event.type ?? "?",
    `subject=${event.subject ?? "?"}`,
    `event=${event.id ?? "?"}`,
    `deliveries=${letter.deliveryCount}`,
    `${letter.reason}: ${letter.description.replace(/\s+/g, " ").slice(0, 300)}`,
  ].join("  ");
}

function defaultAdmin(config: BusConfig): AdministrationClientPort {
  if (config.transport !== "azure-service-bus") throw new Error("not Azure");
  return administrationClientFor(config);
}

/** The bus CLI; returns the exit code (0 done, 1 failed, 2 usage). */
export async function runBusCli(argv: string[], io: CliIo): Promise<number> {
  const logger = pino({ level: io.env.LOG_LEVEL ?? "warn" }, pino.destination(2));
  let bus: EventBus | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        id: { type: "string", multiple: true },
        limit: { type: "string" },
        json: { type: "boolean" },
        out: { type: "string" },
        "max-deliveries": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    const [command, action, target] = positionals;
    if (values.help || !command) {
      io.out(usage);
      return command || values.help ? 0 : 2;
    }
    const limit = positiveInteger(values.limit, "--limit");
    const maxDeliveries = positiveInteger(values["max-deliveries"], "--max-deliveries");

    if (command === "emulator-config") {
      const json = `${JSON.stringify(emulatorConfig(topology, maxDeliveries ? { maxDeliveries } : {}), null, 2)}\n`;
      if (!values.out) {
        io.out(json.trimEnd());
        return 0;
      }
      const file = isAbsolute(values.out) ? values.out : resolve(io.cwd, values.out);
      await writeFile(file, json);
      io.err(`wrote ${file}`);
      return 0;
    }

    if (command === "provision") {
      const config = busConfigFromEnv(io.env);
      if (config.transport === "azure-service-bus") {
        const admin = (io.createAdmin ?? defaultAdmin)(config);
        const changes = await provisionTopology(admin, topology, {
          maxDeliveries: maxDeliveries ?? config.retry.maxDeliveries,
          onProgress: (line) => io.out(line),
        });
        io.out(
          changes.length === 0 ? "namespace already matches the topology" : `${changes.length} change(s)`,
        );
      } else {
        // Built directly, not through createBus: pruning is the postgres transport's own operation,
        // and provision() does all of it, so start() need not provision first.
        const postgresBus = new PgBossEventBus(config, logger, { provision: false });
        bus = postgresBus;
        const changes = await postgresBus.provision({ prune: true, onProgress: (line) => io.out(line) });
        io.out(
          changes.length === 0
            ? `the bus database already matches the topology (${topology.subscriptions.length} subscriptions)`
            : `${changes.length} change(s)`,
        );
      }
      return 0;
    }

    if (command !== "dead-letters") throw new UsageError(`unknown command "${command}"`);
    if (action !== "list" && action !== "replay" && action !== "discard") {
      throw new UsageError(`dead-letters needs list, replay or discard (got "${action ?? ""}")`);
    }
    const subscription = subscriptionArgument(target);
    if (action === "discard" && !values.id?.length) throw new UsageError("discard needs at least one --id");
    const config = busConfigFromEnv(io.env);
    bus = (io.createBus ?? createEventBus)(config, logger);
    await bus.start();

    if (action === "list") {
      const letters = await bus.deadLetters(subscription, limit ? { limit } : {});
      if (values.json) io.out(JSON.stringify(letters, null, 2));
      else {
        for (const letter of letters) io.out(formatLetter(letter));
        io.out(`${letters.length} dead letter(s) on ${subscription}`);
      }
      return 0;
    }
    const options = { ...(values.id ? { ids: values.id } : {}), ...(limit ? { limit } : {}) };
    io.out(`${action === "replay" ? "replaying" : "discarding"} dead letters of ${subscription}...`);
    const count =
      action === "replay"
        ? await bus.replayDeadLetters(subscription, options)
        : await bus.discardDeadLetters(subscription, options);
    io.out(`${action === "replay" ? "replayed" : "discarded"} ${count} dead letter(s)`);
    if (values.id && count < values.id.length) {
      io.err(`${values.id.length - count} of the given ids were not dead letters of ${subscription}`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`error: ${(error as Error).message}\n\n${usage}`);
      return 2;
    }
    io.err(`error: ${(error as Error).message}`);
    return 1;
  } finally {
    await bus?.stop().catch(() => undefined);
  }
}
